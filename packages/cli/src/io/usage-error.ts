import { Hop3Error } from '@hop3/core';
import { CliErrorCodes } from '../errors.js';

/** Bad command-line arguments: printed with the command's usage, exit code 2 (bad input). */
export class UsageError extends Hop3Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super({ code: CliErrorCodes.usage, message, cause: options.cause, badInput: true });
    this.name = 'UsageError';
  }
}
