import { HOSTNAME_PATTERN, type App } from '@hop3/core';
import { nginxError, NginxErrorCodes } from './errors.js';

/**
 * The names the app answers to: its hostnames (lowercased, de-duplicated, in order), or
 * `<app>.localhost` when it has none. Every name is checked before anything is written, so a
 * space, brace, semicolon or quote can never reach `server_name`.
 */
export function resolveHostnames(app: Pick<App, 'name' | 'hostnames'>): string[] {
  const names = app.hostnames.length > 0 ? app.hostnames : [`${app.name}.localhost`];
  const bad = names.filter((name) => typeof name !== 'string' || !HOSTNAME_PATTERN.test(name));
  if (bad.length > 0) {
    throw nginxError({
      code: NginxErrorCodes.invalidHostname,
      message: `App "${app.name}" has invalid hostname(s): ${bad.map((name) => JSON.stringify(name)).join(', ')}. ` +
        'Use letters, digits, "-" and "." (e.g. app.example.com, or *.example.com for a wildcard); no spaces, braces, semicolons or quotes.',
      details: { app: app.name, invalid: bad },
    });
  }
  return [...new Set(names.map((name) => name.toLowerCase()))];
}
