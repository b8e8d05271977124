import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { nginxError, NginxErrorCodes } from './errors.js';
import { siteConfigPath, type NginxServer } from './server.js';

/** `server_name a b c;` directives; comments are stripped first. */
const SERVER_NAME = /\bserver_name\s+([^;{}]+);/g;

/** The exact names a site file serves (`_`, regexes and empty names match nothing specific). */
export function serverNamesIn(config: string): string[] {
  const text = config.replace(/#[^\n]*/g, '');
  const names: string[] = [];
  for (const match of text.matchAll(SERVER_NAME)) {
    for (const name of (match[1] as string).split(/\s+/)) {
      if (name !== '' && name !== '_' && name !== '""' && !name.startsWith('~')) names.push(name.toLowerCase());
    }
  }
  return names;
}

/**
 * Refuse hostnames that another site in the sites dir already serves (another app, or in
 * system mode any site of the machine's nginx): nginx would only warn and keep serving the
 * other one. Reads files, writes nothing.
 */
export async function assertHostnamesFree(server: NginxServer, app: string, hostnames: readonly string[]): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(server.sitesDir);
  } catch {
    return; // no sites dir yet: nothing is served
  }
  const own = basename(siteConfigPath(server, app));
  const common = basename(server.commonConfig);
  const wanted = new Set(hostnames.map((name) => name.toLowerCase()));
  const taken: Array<{ hostname: string; file: string }> = [];
  for (const entry of entries.sort()) {
    if (entry === own || entry === common || entry.startsWith('.')) continue;
    const file = join(server.sitesDir, entry);
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue; // a directory or an unreadable file: nginx -t judges it later
    for (const name of new Set(serverNamesIn(text))) if (wanted.has(name)) taken.push({ hostname: name, file });
  }
  if (taken.length === 0) return;
  throw nginxError({
    code: NginxErrorCodes.hostnameTaken,
    message: `App "${app}": ${taken.map((t) => `${t.hostname} is already served by ${t.file}`).join('; ')}. ` +
      'Give the app a hostname no other site uses (--host), or remove it from the other app first.',
    details: { app, taken },
  });
}
