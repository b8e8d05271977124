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

/** Strict option parsing; unknown options and missing values become usage errors. */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(
  args: readonly string[],
  options: O,
): ParsedCommandArgs<typeof COMMON & O> {
  const config = {
    args: [...args],
    options: { ...COMMON, ...options } as typeof COMMON & O,
    allowPositionals: true as const,
    strict: true as const,
  };
  try {
    return parseArgs(config) as ParsedCommandArgs<typeof COMMON & O>;
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/** The positional argument at `index`, or a usage error naming it. */
export function requirePositional(positionals: readonly string[], index: number, name: string): string {
  const value = positionals[index];
  if (value === undefined || value === '') throw new UsageError(`missing <${name}>`);
  return value;
}
