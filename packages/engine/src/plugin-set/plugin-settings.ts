import { join } from 'node:path';
import { lazySchema, PROVIDED_KINDS, SAFE_NAME_PATTERN, z, type Hop3Layout } from '@hop3/core';
import { readJsonState, withLock, writeJsonAtomic } from '@hop3/kit';

/** npm package names (what plugin names usually are). */
export const PLUGIN_NAME_PATTERN = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

const preferKey = lazySchema(() =>
  z.string().check(
    z.refine((key: string) => {
      const [kind, name, ...rest] = key.split(':');
      return rest.length === 0 && (PROVIDED_KINDS as readonly string[]).includes(kind ?? '') && SAFE_NAME_PATTERN.test(name ?? '');
    }, 'must be "<kind>:<name>", e.g. "builder:python"'),
  ),
);
const pluginName = lazySchema(() => z.string().check(z.regex(PLUGIN_NAME_PATTERN)));

const settingsSchema = lazySchema(() =>
  z.object({
    version: z._default(z.literal(1), 1),
    plugins: z._default(
      z.object({
        /** Plugins never loaded (`hop3 plugins disable`): the host's deny list. */
        disabled: z._default(z.array(pluginName), []),
        /** `"kind:name"` → the plugin whose strategy wins when several provide the name. */
        prefer: z._default(z.record(preferKey, pluginName), {}),
      }),
      { disabled: [], prefer: {} },
    ),
  }),
);

export type HostSettings = z.infer<typeof settingsSchema>;
export type PluginSettings = HostSettings['plugins'];

const EMPTY: HostSettings = { version: 1, plugins: { disabled: [], prefer: {} } };

/** The host settings file (`$HOP3_ROOT/settings.json`); missing → the defaults. */
export async function readHostSettings(layout: Hop3Layout): Promise<HostSettings> {
  const settings = await readJsonState(layout.settingsFile, settingsSchema, {
    what: "the host's settings file",
    recovery: 'fix the JSON by hand (see docs/plugins.md, "Managing plugins"), or remove the file to go back to the defaults',
  });
  return settings ?? structuredClone(EMPTY);
}

/** Change the plugin settings under a lock (read, change, write atomically); returns the new settings. */
export async function updatePluginSettings(layout: Hop3Layout, change: (plugins: PluginSettings) => void): Promise<PluginSettings> {
  return withLock(join(layout.runDir, 'locks', 'settings.lock'), async () => {
    const settings = await readHostSettings(layout);
    change(settings.plugins);
    settings.plugins.disabled = [...new Set(settings.plugins.disabled)].sort();
    await writeJsonAtomic(layout.settingsFile, settingsSchema.parse(settings), { mode: 0o600 });
    return settings.plugins;
  });
}
