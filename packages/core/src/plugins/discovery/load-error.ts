import { Hop3Error } from '../../errors/hop3-error.js';
import { ErrorCodes } from '../../errors/codes.js';
import type { LoadPhase } from './load-report.js';

/** A failure while loading one plugin, tagged with the phase it happened in. */
export class PluginLoadError extends Hop3Error {
  readonly phase: LoadPhase;

  constructor(phase: LoadPhase, message: string, options: { code?: string; cause?: unknown } = {}) {
    super({ code: options.code ?? ErrorCodes.pluginLoad, message, cause: options.cause, details: { phase } });
    this.name = 'PluginLoadError';
    this.phase = phase;
  }
}
