import type { Command } from './command.js';
import { fleetCheck, fleetGenerate, generateCmd } from './fleet-cmd.js';
import { importCsvCmd, recordCmd, replayCmd } from './record-cmd.js';
import { scenarioCmd, verifyCmd } from './scenario-cmd.js';
import { runCmd } from './run-cmd.js';
import { loadCmd } from './load-cmd.js';
import { controlCmd } from './control-cmd.js';
import { FAULT_TYPES } from '../faults/index.js';

export const COMMANDS: Command[] = [
  runCmd,
  generateCmd,
  fleetGenerate,
  fleetCheck,
  recordCmd,
  replayCmd,
  importCsvCmd,
  scenarioCmd,
  verifyCmd,
  loadCmd,
  controlCmd,
];

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), ...Object.keys(FAULT_TYPES).map((t) => t.length)) + 2;
  return [
    'device-sim: the qinwatt device simulator (physics per equipment class, faults, record/replay, scenarios, load)',
    '',
    'Usage: device-sim COMMAND [OPTIONS]      device-sim COMMAND --help for its options',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Fault types (scenario files, run --fault, control inject):',
    ...Object.entries(FAULT_TYPES).map(([t, d]) => `  ${t.padEnd(width)}${d}`),
    '',
    "Every reading carries the run id in its `sim` field, so simulated data is never mistaken for a meter's.",
  ].join('\n');
}
