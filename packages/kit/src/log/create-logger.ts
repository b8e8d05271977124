import type { Logger } from '@hop3/core';
import { maskSecrets } from '../process/run-command.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'silent';

export interface LoggerOptions {
  /** Where lines go (default process.stderr, keeping stdout clean for `--json`). */
  stream?: { write(text: string): unknown };
  /** Alternative sink: a function that receives each line (with its newline). Wins over `stream`. */
  write?: (text: string) => void;
  /** Lowest level shown. Default: `debug` when HOP3_DEBUG is set (not "", "0" or "false"), else `info`. */
  level?: LogLevel;
  /** Shorthand for `level: 'debug'` (true) or `'info'` (false). */
  debug?: boolean;
  /** Put before every line, e.g. "[nginx] ". */
  prefix?: string;
  /** Values replaced by **** in every line (passwords that might slip into a message). */
  secrets?: readonly string[];
  /** Where HOP3_DEBUG is read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Show `progress()` lines, indented (a person watches a terminal). Default false: dropped. */
  progress?: boolean;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, silent: 100 };

function isDebugEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.HOP3_DEBUG?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function resolveLevel(options: LoggerOptions): LogLevel {
  if (options.level) return options.level;
  if (options.debug !== undefined) return options.debug ? 'debug' : 'info';
  return isDebugEnabled(options.env ?? process.env) ? 'debug' : 'info';
}

/** A {@link Logger} writing plain lines; `warn` and `debug` lines are marked as such. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = RANK[resolveLevel(options)];
  const prefix = options.prefix ?? '';
  const sink = options.write ?? ((text: string) => void (options.stream ?? process.stderr).write(text));
  const emit = (level: LogLevel, marker: string, message: string): void => {
    if (RANK[level] < threshold) return;
    const text = maskSecrets(message, options.secrets);
    sink(`${text.split('\n').map((line) => `${prefix}${marker}${line}`).join('\n')}\n`);
  };
  return {
    info: (message) => emit('info', '', message),
    warn: (message) => emit('warn', 'warning: ', message),
    debug: (message) => emit('debug', 'debug: ', message),
    progress: options.progress ? (line) => emit('info', '  ', line) : () => undefined,
  };
}

/** A logger that drops everything (tests, `--quiet`). */
export const silentLogger: Logger = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
});
