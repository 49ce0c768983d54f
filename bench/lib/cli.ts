import { parseArgs } from 'node:util';

/** One option of a bench program: its type, and the line `--help` prints for it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** e.g. `<n>` or `<file>`, for the help text */
  arg?: string;
  help: string;
}

export type OptionValues<S extends Record<string, OptionSpec>> = {
  [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : string;
};

/** Thrown for a bad option value; `cli` prints it as a usage error (exit 2) like an unknown option. */
export class UsageError extends Error {}

/** The help text: the usage line, what the program does, one line per option (and `--help`). */
export function helpText(usage: string, about: string, options: Record<string, OptionSpec>): string {
  const all: Record<string, OptionSpec> = { ...options, help: { type: 'boolean', help: 'print this text and exit' } };
  const left = (k: string, o: OptionSpec) => `--${k}${o.type === 'string' ? ` ${o.arg ?? '<value>'}` : ''}`;
  const width = Math.max(...Object.entries(all).map(([k, o]) => left(k, o).length)) + 2;
  const lines = Object.entries(all).map(([k, o]) => `  ${left(k, o).padEnd(width)}${o.help}`);
  return `${usage}\n\n${about}\n\n${lines.join('\n')}\n`;
}

/**
 * Strict option parsing for every bench program (node:util parseArgs, strict): `--help` prints the options and
 * exits 0; an unknown option, a missing value, a stray argument, or a value `validate` refuses (by throwing a
 * UsageError) prints the reason and exits 2, before anything starts.
 */
export function cli<S extends Record<string, OptionSpec>, T>(
  argv: string[],
  usage: string,
  about: string,
  options: S,
  validate: (values: OptionValues<S>, positionals: string[]) => T,
  /** how many plain arguments the program takes (files, say); none by default */
  maxPositionals = 0,
): T {
  const help = helpText(usage, about, options);
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { type: o.type }])),
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      process.stdout.write(help);
      process.exit(0);
    }
    if (positionals.length > maxPositionals)
      throw new UsageError(`unexpected argument "${positionals[maxPositionals]}"`);
    return validate(values as OptionValues<S>, positionals);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (!(err instanceof UsageError) && !err.code?.startsWith('ERR_PARSE_ARGS')) throw e;
    process.stderr.write(`${usage.split(' -- ')[0]}: ${err.message}\n(--help lists the options)\n`);
    process.exit(2);
  }
}

/** a positive number option (`integer` for counts) */
export function positive(text: string | undefined, name: string, dflt: number, integer = false): number {
  if (text === undefined) return dflt;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new UsageError(`--${name}: "${text}" is not a positive ${integer ? 'integer' : 'number'}`);
  return n;
}

/** one of a fixed set of words */
export function oneOf<W extends string>(text: string | undefined, name: string, words: readonly W[], dflt: W): W {
  if (text === undefined) return dflt;
  if (!(words as readonly string[]).includes(text))
    throw new UsageError(`--${name}: "${text}" is not one of ${words.join(', ')}`);
  return text as W;
}
