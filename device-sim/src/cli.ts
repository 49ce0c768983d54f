#!/usr/bin/env node
import { commandHelp, err, parseCommandArgs, UsageError } from './cli/command.js';
import { COMMANDS, mainHelp } from './cli/commands.js';
import { ConnectRefusedError } from './mqtt/connect.js';
import { RECORDER } from './record/recorder.js';

/** What to do about a refused MQTT connection: the flags that carry credentials. */
const credentialsHint = (e: ConnectRefusedError): string =>
  e.identity === RECORDER
    ? '\n  a platform that checks credentials lets only a reader identity (a fleet file\'s "readers") subscribe:\n' +
      '  pass --fleet FILE (the demo fleet device-sim/fleets/demo.json has "recorder"), or --username NAME --password SECRET'
    : `\n  a platform that checks credentials needs ${e.identity} registered, with its secret: pass --fleet FILE with the\n` +
      '  secrets (the fleet file the platform runs, QW_FLEET_FILE), or --username NAME --password SECRET';

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
    err(`device-sim ${cmd.name}: ${(e as Error).message}${e instanceof ConnectRefusedError ? credentialsHint(e) : ''}`);
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
