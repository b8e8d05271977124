import { ErrorCodes } from './codes.js';
import { Hop3Error, type Hop3ErrorOptions } from './hop3-error.js';

/** What `new Abort(message, { ... })` takes besides its message. */
export interface AbortOptions extends Partial<Omit<Hop3ErrorOptions, 'message'>> {
  /** The exit status a host should report (default 2 when `badInput`, else 1). */
  exitCode?: number;
}

/**
 * A user-facing failure: the message is shown as is (no stack) and the host exits with
 * `exitCode`. Kept in the form of the Hop3 protocol reference, `Abort(message, ...)`; it is a
 * {@link Hop3Error} like every other (code `HOP3_ABORT` unless one is given). An Abort with exit
 * code 2 is bad input, and one marked `badInput` exits 2 unless told otherwise.
 */
export class Abort extends Hop3Error {
  readonly exitCode: number;

  constructor(message: string, options: AbortOptions = {}) {
    const { exitCode, ...rest } = options;
    const badInput = rest.badInput ?? (exitCode === 2 ? true : undefined);
    super({ ...rest, code: rest.code ?? ErrorCodes.abort, message, ...(badInput === undefined ? {} : { badInput }) });
    this.name = 'Abort';
    this.exitCode = exitCode ?? (this.badInput ? 2 : 1);
  }
}

/** True for an {@link Abort} from any copy of `@hop3/core`. */
export function isAbort(value: unknown): value is Abort {
  return typeof value === 'object' && value !== null && typeof (value as Abort).exitCode === 'number' && (value as Abort).name === 'Abort';
}
