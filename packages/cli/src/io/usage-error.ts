import { Hop3Error } from '@hop3/core';

/** Bad command-line arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Hop3Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('HOP3_USAGE', message, options);
    this.name = 'UsageError';
  }
}
