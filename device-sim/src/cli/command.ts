import { parseArgs } from 'node:util';

export interface OptionDef {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  /** shown in --help */
  desc: string;
  /** placeholder in --help, e.g. URL */
  arg?: string;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** longer text printed under the usage line */
  details?: string;
  options: Record<string, OptionDef>;
  run(values: Values, positionals: string[]): Promise<number>;
}

export class UsageError extends Error {}

/** Options every command that talks MQTT accepts. */
export const MQTT_OPTIONS: Record<string, OptionDef> = {
  url: { type: 'string', default: 'mqtt://127.0.0.1:1883', arg: 'URL', desc: 'MQTT broker URL' },
  username: { type: 'string', arg: 'NAME', desc: 'MQTT username for every connection (overrides the fleet file)' },
  password: { type: 'string', arg: 'SECRET', desc: 'MQTT password for every connection (overrides the fleet file)' },
};

export function commandHelp(c: Command): string {
  const lines = [`device-sim ${c.usage}`, '', `  ${c.summary}`];
  if (c.details) lines.push('', ...c.details.split('\n').map((l) => `  ${l}`));
  const opts = Object.entries(c.options);
  if (opts.length) {
    lines.push('', 'Options:');
    for (const [name, o] of opts) {
      const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
      const dflt = o.default !== undefined && o.default !== false ? ` (default: ${String(o.default)})` : '';
      lines.push(`  ${flag.padEnd(30)} ${o.desc}${o.multiple ? ' (repeatable)' : ''}${dflt}`);
    }
  }
  lines.push(`  ${'    --help'.padEnd(30)} show this help`);
  return lines.join('\n');
}

export function parseCommandArgs(c: Command, argv: string[]): { values: Values; positionals: string[]; help: boolean } {
  const options: Record<
    string,
    { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }
  > = {
    help: { type: 'boolean' },
  };
  for (const [name, o] of Object.entries(c.options)) {
    options[name] = { type: o.type };
    if (o.short) options[name].short = o.short;
    if (o.multiple) options[name].multiple = true;
    if (o.default !== undefined) options[name].default = o.default;
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Values, positionals, help: !!values.help };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Reads a numeric option, with a readable error. */
export function num(v: Values, name: string, lo: number, hi: number): number {
  const n = Number(v[name]);
  if (!Number.isFinite(n) || n < lo || n > hi) throw new UsageError(`--${name} must be a number in [${lo}, ${hi}]`);
  return n;
}

export const str = (v: Values, name: string): string | undefined => v[name] as string | undefined;

export function required(v: Values, name: string): string {
  const s = v[name];
  if (typeof s !== 'string' || !s) throw new UsageError(`--${name} is required`);
  return s;
}

export const globalCredentials = (v: Values) =>
  v.username || v.password ? { username: String(v.username ?? ''), password: String(v.password ?? '') } : undefined;

export const newRunId = (prefix: string): string =>
  `${prefix}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${process.pid}`;

export const err = (line: string): void => void process.stderr.write(`${line}\n`);
export const out = (line: string): void => void process.stdout.write(`${line}\n`);
