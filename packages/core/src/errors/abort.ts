import { Hop3Error, type Hop3ErrorOptions } from './hop3-error.js';

/**
 * A user-facing failure: the message is shown as is (no stack) and the host exits with
 * `exitCode`. Strategies throw it for problems the user can fix (bad config, failed install).
 */
export class Abort extends Hop3Error {
  readonly exitCode: number;

  constructor(message: string, options: Hop3ErrorOptions & { exitCode?: number; code?: string } = {}) {
    super(options.code ?? 'ABORT', message, options);
    this.name = 'Abort';
    this.exitCode = options.exitCode ?? 1;
  }
}

/** True for an {@link Abort} from any copy of `@hop3/core`. */
export function isAbort(value: unknown): value is Abort {
  return typeof value === 'object' && value !== null && typeof (value as Abort).exitCode === 'number' && (value as Abort).name === 'Abort';
}
