/**
 * Every error Hop3 raises on purpose carries a stable string `code` and keeps the original
 * `cause`. Compare errors with {@link hasErrorCode} or {@link isHop3Error}, never with
 * `instanceof`: two copies of `@hop3/core` may be installed side by side.
 */
const BRAND = Symbol.for('hop3.error');

export interface Hop3ErrorOptions {
  cause?: unknown;
  /** Extra structured facts for reports (`--json`). Never put secrets here. */
  details?: Record<string, unknown>;
}

export class Hop3Error extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly [BRAND] = true;

  constructor(code: string, message: string, options: Hop3ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Hop3Error';
    this.code = code;
    this.details = options.details ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, ...this.details };
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

/** A one-line description of any thrown value, for reports. */
export function describeError(value: unknown): string {
  if (value instanceof Error) return value.message;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
