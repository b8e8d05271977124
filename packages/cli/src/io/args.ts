import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { UsageError } from './usage-error.js';

const COMMON = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsOptionsConfig;

type OptionValue<C> = C extends { type: 'boolean' }
  ? C extends { multiple: true } ? boolean[] : boolean
  : C extends { multiple: true } ? string[] : string;

export interface ParsedCommandArgs<O> {
  values: { [K in keyof O]?: OptionValue<O[K]> };
  positionals: string[];
}

/**
 * Strict option parsing; unknown options and missing values become usage errors. `positionals`
 * names the arguments the command takes (`['app']`; a last name ending in `…` takes any number,
 * `['app', 'KIND=N…']`): one more than that is a usage error, for every command alike.
 */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(
  args: readonly string[],
  options: O,
  positionals: readonly string[],
): ParsedCommandArgs<typeof COMMON & O> {
  const config = {
    args: [...args],
    options: { ...COMMON, ...options } as typeof COMMON & O,
    allowPositionals: true as const,
    strict: true as const,
  };
  let parsed: ParsedCommandArgs<typeof COMMON & O>;
  try {
    parsed = parseArgs(config) as ParsedCommandArgs<typeof COMMON & O>;
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  checkPositionalCount(parsed.positionals, positionals);
  return parsed;
}

/** A usage error naming the first argument beyond what `names` allows. */
export function checkPositionalCount(given: readonly string[], names: readonly string[]): void {
  if (names.at(-1)?.endsWith('…') === true || given.length <= names.length) return;
  const extra = given.slice(names.length);
  const takes = names.length === 0 ? 'takes no arguments' : `takes ${names.map((name) => `<${name}>`).join(' ')}`;
  throw new UsageError(`unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((arg) => JSON.stringify(arg)).join(' ')}: this command ${takes}`);
}

/** The positional argument at `index`, or a usage error naming it. */
export function requirePositional(positionals: readonly string[], index: number, name: string): string {
  const value = positionals[index];
  if (value === undefined || value === '') throw new UsageError(`missing <${name}>`);
  return value;
}
