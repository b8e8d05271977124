/**
 * Every error Hop3 raises on purpose carries a stable string `code` and keeps the original
 * `cause`. Compare errors with {@link hasErrorCode} or {@link isHop3Error}, never with
 * `instanceof`: two copies of `@hop3/core` may be installed side by side.
 */
import { ErrorCodes } from './codes.js';

const BRAND = Symbol.for('hop3.error');

/** What `new Hop3Error({ ... })` takes. `C` narrows `code` to a package's code union. */
export interface Hop3ErrorOptions<C extends string = string> {
  /** A stable code from the raising package's code map (e.g. `UwsgiErrorCodes.invalidScale`). */
  code: C;
  message: string;
  cause?: unknown;
  /** Extra structured facts for reports (`--json`). Never put secrets here. */
  details?: Record<string, unknown>;
  /**
   * True when the user's request or settings are at fault (a bad value, an unknown name), not the
   * machine or a program: hosts report it as such (`hop3` exits 2). See docs/errors.md.
   */
  badInput?: boolean;
}

/** Core's shared codes that always mean bad input, whichever package raises them. */
const SHARED_INPUT_CODES: ReadonlySet<string> = new Set([ErrorCodes.invalidInput, ErrorCodes.invalidConfig]);

export class Hop3Error extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  /** True when the user's request or settings are at fault (see {@link Hop3ErrorOptions.badInput}). */
  readonly badInput: boolean;
  readonly [BRAND] = true;

  constructor(options: Hop3ErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Hop3Error';
    this.code = options.code;
    this.details = options.details ?? {};
    this.badInput = options.badInput ?? SHARED_INPUT_CODES.has(options.code);
  }

  /** The shape hosts print: `{ name, code, message, details }` (details never hold secrets). */
  toJSON(): { name: string; code: string; message: string; details: Record<string, unknown> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** True for any Hop3 error, whichever copy of `@hop3/core` created it. */
export function isHop3Error(value: unknown): value is Hop3Error {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** True when `value` is an error (of any origin) whose `code` equals `code`. */
export function hasErrorCode(value: unknown, code: string): boolean {
  return typeof value === 'object' && value !== null && (value as { code?: unknown }).code === code;
}

/**
 * True when the user's request or settings are at fault: a Hop3 error marked `badInput` (core's
 * shared `HOP3_INVALID_INPUT` and `HOP3_INVALID_CONFIG` always are), or an `Abort` with exit
 * code 2. The one rule hosts use to tell "fix your request" from "something failed".
 */
export function isBadInput(value: unknown): boolean {
  if (!isHop3Error(value)) return false;
  if (value.badInput === true) return true;
  // An Abort from an older copy of core has no `badInput`: its exit code 2 said the same.
  return value.name === 'Abort' && (value as { exitCode?: unknown }).exitCode === 2;
}

/** A one-line description of any thrown value, for reports. */
export function describeError(value: unknown): string {
  if (value instanceof Error) return value.message;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
