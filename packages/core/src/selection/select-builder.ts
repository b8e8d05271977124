import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '../errors/codes.js';
import type { DeploymentContext } from '../data/deployment.js';
import type { Builder } from '../protocols/builder.js';
import type { StrategyRuntime } from '../protocols/common.js';
import type { PluginManager } from '../plugins/plugin-manager.js';
import { candidatesOf, firstAccepted, formatRejections, unavailableNote, strategyByName } from './attempt.js';
import { coreError } from '../errors/core-error.js';

/** Files builders commonly recognise an app by; listed in the "no builder" message. */
export const BUILDER_MARKER_FILES = [
  'hop3.toml',
  'Procfile',
  'requirements.txt',
  'pyproject.toml',
  'package.json',
  'Dockerfile',
  'go.mod',
  'Cargo.toml',
  'Gemfile',
] as const;

/**
 * The builder for an app: `[build] builder` in hop3.toml wins (unless `auto`); otherwise the
 * first builder, in plugin order, whose `accept()` is true.
 */
export async function selectBuilder(manager: PluginManager, context: DeploymentContext, runtime: StrategyRuntime): Promise<Builder> {
  const forced = context.appConfig.build.builder;
  if (forced && forced !== 'auto') {
    const strategy = await strategyByName(manager, 'builder', forced, `It is set by [build] builder in hop3.toml: use one of these names, or "auto".`);
    return strategy.create(context, runtime);
  }
  const builders = await candidatesOf(manager, 'builder');
  const result = await firstAccepted(builders, [context, runtime], (builder) => builder.accept(), 'accept()');
  if ('instance' in result) return result.instance;

  const found = BUILDER_MARKER_FILES.filter((file) => existsSync(join(context.sourcePath, file)));
  const lines = [
    `Could not find a builder for app "${context.appName}" (source: ${context.sourcePath}).`,
    `Files looked for: ${BUILDER_MARKER_FILES.join(', ')} (found: ${found.length > 0 ? found.join(', ') : 'none'}).`,
    builders.length > 0 ? `Builders tried:\n${formatRejections(result.rejections)}` : 'No builder plugin is loaded.',
    'Set [build] builder in hop3.toml to choose one, or install a builder plugin for this kind of app (`hop3 plugins` lists what is loaded).',
    ...unavailableNote(manager),
  ];
  throw coreError({
    code: ErrorCodes.noStrategy,
    message: lines.join('\n'),
    details: { kind: 'builder', app: context.appName, sourcePath: context.sourcePath, filesFound: found, rejections: result.rejections },
  });
}
