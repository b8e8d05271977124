import { PROVIDED_KINDS, SAFE_NAME_PATTERN, type Hop3Layout, type LoadReport, type ProvidedKind } from '@hop3/core';
import { engineError, EngineErrorCodes } from '../errors.js';
import { PLUGIN_NAME_PATTERN, readHostSettings, updatePluginSettings, type PluginSettings } from './plugin-settings.js';

/** Every plugin name the host knows of: loaded, failed or skipped (so a broken plugin can be disabled). */
function knownNames(report: LoadReport): string[] {
  return [...new Set([...report.loaded, ...report.failed, ...report.skipped].map((p) => p.name))].sort();
}

function checkPluginName(name: string): void {
  if (!PLUGIN_NAME_PATTERN.test(name)) {
    throw engineError({ code: EngineErrorCodes.invalidInput, message: `"${name}" is not a plugin name: plugins are npm packages (hop3-plugin-x, @acme/hop3-plugin-y).` });
  }
}

function unknownPlugin(name: string, report: LoadReport, also: readonly string[] = []): never {
  const known = [...new Set([...knownNames(report), ...also])].sort();
  throw engineError({
    code: EngineErrorCodes.unknownPlugin,
    message: `No plugin named "${name}" is loaded, failed or skipped. Known plugins: ${known.join(', ') || '(none)'} (\`hop3 plugins\` lists them).`,
    details: { plugin: name },
  });
}

/** Put `name` on the host's deny list. A name the host does not know is refused: a typo would deny nothing. */
export async function disablePlugin(layout: Hop3Layout, report: LoadReport, name: string): Promise<PluginSettings> {
  checkPluginName(name);
  const { plugins } = await readHostSettings(layout);
  if (!plugins.disabled.includes(name) && !knownNames(report).includes(name)) unknownPlugin(name, report);
  return updatePluginSettings(layout, (settings) => {
    settings.disabled.push(name);
  });
}

/** Take `name` off the deny list (refused when it is not on it and unknown: a typo). */
export async function enablePlugin(layout: Hop3Layout, report: LoadReport, name: string): Promise<PluginSettings> {
  checkPluginName(name);
  const { plugins } = await readHostSettings(layout);
  if (!plugins.disabled.includes(name) && !knownNames(report).includes(name)) unknownPlugin(name, report, plugins.disabled);
  return updatePluginSettings(layout, (settings) => {
    settings.disabled = settings.disabled.filter((denied) => denied !== name);
  });
}

/** Parse `kind:name` (`builder:python`): bad input names the rule. */
export function parseStrategyRef(ref: string): { kind: ProvidedKind; name: string } {
  const [kind, name, ...rest] = ref.split(':');
  if (rest.length > 0 || !(PROVIDED_KINDS as readonly string[]).includes(kind ?? '') || !SAFE_NAME_PATTERN.test(name ?? '')) {
    throw engineError({
      code: EngineErrorCodes.invalidInput,
      message: `"${ref}" is not <kind>:<strategy>: use a kind among ${PROVIDED_KINDS.join(', ')} and a strategy name, e.g. builder:python.`,
    });
  }
  return { kind: kind as ProvidedKind, name: name! };
}

/**
 * Record which plugin's `kind:name` wins when several provide it (`plugin` null forgets the
 * preference). The plugin must be loaded and provide that strategy.
 */
export async function preferPlugin(layout: Hop3Layout, report: LoadReport, ref: string, plugin: string | null): Promise<PluginSettings> {
  const { kind, name } = parseStrategyRef(ref);
  const key = `${kind}:${name}`;
  if (plugin !== null) {
    checkPluginName(plugin);
    const loaded = report.loaded.find((p) => p.name === plugin);
    if (!loaded) unknownPlugin(plugin, report);
    if (!loaded.strategies[kind].includes(name)) {
      const providers = report.loaded.filter((p) => p.strategies[kind].includes(name)).map((p) => p.name);
      throw engineError({
        code: EngineErrorCodes.unknownPlugin,
        message: `Plugin "${plugin}" does not provide the ${kind} "${name}". Provided by: ${providers.join(', ') || '(no loaded plugin)'}.`,
        details: { plugin, kind, strategy: name },
      });
    }
  }
  return updatePluginSettings(layout, (settings) => {
    if (plugin === null) delete settings.prefer[key];
    else settings.prefer[key] = plugin;
  });
}
