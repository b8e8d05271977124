import type { SystemSettings } from './system-settings.js';

/**
 * /etc/nginx/conf.d/hop3.conf: Debian's nginx.conf includes conf.d/*.conf inside `http {}`.
 * It pulls in the apps' sites from HOP3_ROOT and adds the default server, so a request for a
 * hostname no app serves gets a plain 404 (and TLS an refused handshake), never another app.
 */
export function renderNginxInclude(settings: SystemSettings): string {
  const listens = (port: number, extra: string): string[] => [
    `    listen ${port}${extra} default_server;`,
    ...(settings.ipv6 ? [`    listen [::]:${port}${extra} default_server;`] : []),
  ];
  return [
    '# Written by `hop3 setup` (HOP3_SERVICES=system) and rewritten by the next setup: do not edit.',
    `# The apps' sites live in ${settings.sitesDir}/; hop3 writes them, tests them with nginx -t and reloads.`,
    `include ${settings.sitesDir}/*.conf;`,
    '',
    '# Hostnames no app serves: a clear 404 over HTTP, a refused handshake over TLS.',
    'server {',
    ...listens(settings.httpPort, ''),
    ...listens(settings.httpsPort, ' ssl'),
    '    server_name _;',
    '    ssl_reject_handshake on;',
    '    default_type text/plain;',
    '    return 404 "No app is served under this hostname on this server.\\n";',
    '}',
    '',
  ].join('\n');
}
