import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '@hop3/kit';
import { nginxError, NginxErrorCodes } from './errors.js';
import { testNginxConfig } from './nginx-command.js';
import type { NginxServer } from './server.js';

/** Warnings that mean one of `hostnames` is served by another server block (nginx ignores ours). */
function hostnameConflicts(messages: string[], hostnames: string[]): string[] {
  const wanted = new Set(hostnames.map((name) => name.toLowerCase()));
  return messages.filter((line) => {
    const match = /conflicting server name "([^"]+)"/.exec(line);
    return match !== null && wanted.has((match[1] as string).toLowerCase());
  });
}

/** An upstream server on a loopback TCP port: `server 127.0.0.1:5001 max_fails=0;`. */
const UPSTREAM_PORT = /^(\s*server 127\.0\.0\.1:)\d{1,5}( [^;\n]*)?;$/gm;

/**
 * Whether `next` differs from `previous` only in the ports of its loopback upstream servers (a
 * redeploy that moved the app to new containers or processes): the same directives, the same
 * number of servers, only other port numbers, which nginx accepts as it accepted the old ones.
 */
export function onlyUpstreamPortsDiffer(previous: string, next: string): boolean {
  if (previous === next) return false;
  const ports = [...next.matchAll(UPSTREAM_PORT)].map((match) => Number(match[0].match(/:(\d+)/)![1]));
  if (ports.some((port) => port < 1 || port > 65535)) return false;
  const shape = (text: string) => text.replace(UPSTREAM_PORT, '$1PORT$2;');
  return shape(previous) === shape(next);
}

/**
 * Put the app's file in place and test the whole configuration with `nginx -t`. On failure the
 * previous file is restored (or the new one removed), so the other apps keep serving, and the
 * error names the app and nginx's messages. Must run under the server lock.
 * With `serverUnchanged` (nginx's own files were not rewritten), a file that differs from the
 * installed one only in upstream ports is not tested again (0.1–0.3 s of every redeploy): the
 * installed file passed `nginx -t` and the new one has the same shape.
 */
export async function installSiteConfig(input: {
  server: NginxServer;
  app: string;
  path: string;
  content: string;
  hostnames: string[];
  serverUnchanged?: boolean;
}): Promise<{ changed: boolean }> {
  const { server, app, path, content } = input;
  const previous = await readFile(path, 'utf8').catch(() => null);
  if (previous !== content) await writeFileAtomic(path, content, { mode: 0o644 });
  if (input.serverUnchanged === true && previous !== null && onlyUpstreamPortsDiffer(previous, content)) return { changed: true };

  const result = await testNginxConfig(server);
  const conflicts = result.ok ? hostnameConflicts(result.messages, input.hostnames) : [];
  if (result.ok && conflicts.length === 0) return { changed: previous !== content };

  if (previous === null) await rm(path, { force: true });
  else if (previous !== content) await writeFileAtomic(path, previous, { mode: 0o644 });

  if (conflicts.length > 0) {
    throw nginxError({
      code: NginxErrorCodes.configInvalid,
      message: `nginx configuration for app "${app}" was not installed: a hostname is already served by another site.\n` +
        `${conflicts.map((line) => `  ${line}`).join('\n')}\nGive the app a hostname no other app uses.`,
      details: { app, messages: conflicts, restored: previous !== null },
    });
  }
  // Was it broken before we touched it? Then say so instead of blaming this app.
  const before = await testNginxConfig(server);
  const blame = before.ok
    ? `nginx rejected the configuration for app "${app}"; the ${previous === null ? 'new file was removed' : 'previous configuration was restored'} and the other apps keep serving.`
    : `nginx's configuration is broken independently of app "${app}" (fix the files named below); the app's ${previous === null ? 'new file was removed' : 'previous configuration was restored'}.`;
  throw nginxError({
    code: NginxErrorCodes.configInvalid,
    message: `${blame}\n${result.messages.map((line) => `  ${line}`).join('\n')}`,
    details: { app, messages: result.messages, restored: previous !== null, brokenBefore: !before.ok },
  });
}
