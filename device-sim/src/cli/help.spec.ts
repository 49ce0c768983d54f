import { FAULT_TYPES } from '#contracts';
import { commandHelp, parseCommandArgs, UsageError } from './command.js';
import { COMMANDS, mainHelp } from './commands.js';

describe('device-sim --help', () => {
  it('lists every command and every fault type', () => {
    const text = mainHelp();
    for (const c of COMMANDS) expect(text).toContain(`  ${c.name}  `);
    for (const t of Object.keys(FAULT_TYPES)) expect(text).toContain(`  ${t} `);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help documents its usage and every option', (_n, c) => {
    const text = commandHelp(c);
    expect(text).toContain(`device-sim ${c.usage}`);
    for (const [name, o] of Object.entries(c.options)) {
      expect(text).toContain(`--${name}`);
      expect(text).toContain(o.desc);
    }
    expect(parseCommandArgs(c, ['--help']).help).toBe(true);
  });

  it('refuses an unknown option with a usage error', () => {
    expect(() => parseCommandArgs(COMMANDS[0], ['--warp'])).toThrow(UsageError);
  });
});
