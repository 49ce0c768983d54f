#!/usr/bin/env node
import { commandHelp, err, parseCommandArgs, UsageError, type Command } from './cli/command.js';
import { fleetCheck, fleetGenerate, generateCmd } from './cli/fleet-cmd.js';
import { importCsvCmd, recordCmd, replayCmd } from './cli/record-cmd.js';
import { scenarioCmd, verifyCmd } from './cli/scenario-cmd.js';
import { runCmd } from './cli/run-cmd.js';
import { loadCmd } from './cli/load-cmd.js';
import { controlCmd } from './cli/control-cmd.js';
import { FAULT_TYPES } from './faults/index.js';

const COMMANDS: Command[] = [
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

function mainHelp(): string {
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

export async function main(argv: string[]): Promise<number> {
  if (!argv.length || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(mainHelp() + '\n');
    return argv.length ? 0 : 2;
  }
  const two = `${argv[0]} ${argv[1] ?? ''}`;
  const cmd = COMMANDS.find((c) => c.name === two) ?? COMMANDS.find((c) => c.name === argv[0]);
  if (!cmd) {
    err(`device-sim: unknown command ${JSON.stringify(argv[0])}\n\n${mainHelp()}`);
    return 2;
  }
  const rest = argv.slice(cmd.name.split(' ').length);
  try {
    const { values, positionals, help } = parseCommandArgs(cmd, rest);
    if (help) {
      process.stdout.write(commandHelp(cmd) + '\n');
      return 0;
    }
    return await cmd.run(values, positionals);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`device-sim ${cmd.name}: ${e.message}\n\n${commandHelp(cmd)}`);
      return 2;
    }
    err(`device-sim ${cmd.name}: ${(e as Error).message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    err(`device-sim: ${e.stack ?? e.message}`);
    process.exit(1);
  },
);
