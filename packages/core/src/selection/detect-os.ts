import { ErrorCodes } from '../errors/codes.js';
import type { StrategyRuntime } from '../protocols/common.js';
import type { OS } from '../protocols/os.js';
import type { PluginManager } from '../plugins/plugin-manager.js';
import { candidatesOf, firstAccepted, formatRejections, unavailableNote } from './attempt.js';
import { coreError } from '../errors/core-error.js';

/** The first OS strategy, in plugin order, whose `detect()` recognises this machine. */
export async function detectOS(manager: PluginManager, runtime: StrategyRuntime): Promise<OS> {
  const systems = await candidatesOf(manager, 'os');
  const result = await firstAccepted(systems, [runtime], (os) => os.detect(), 'detect()');
  if ('instance' in result) return result.instance;
  const tried = systems.length > 0 ? `OS strategies tried:\n${formatRejections(result.rejections)}` : 'No OS plugin is loaded.';
  throw coreError({
    code: ErrorCodes.noStrategy,
    message: [
      'Could not detect a supported operating system.',
      tried,
      'Install an OS plugin for this system (e.g. hop3-plugin-os-debian for Debian and Ubuntu).',
      ...unavailableNote(manager),
    ].join('\n'),
    details: { kind: 'os', rejections: result.rejections },
  });
}
