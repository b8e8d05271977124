import { isAbsolute } from 'node:path';
import { isIP } from 'node:net';
import { HOSTNAME_PATTERN, Hop3Error, type DeploymentInfo } from '@hop3/core';
import { nginxError, NginxErrorCodes } from './errors.js';
import { isQuotableConfigValue } from './validate.js';

/** How nginx reaches the app's process, ready for the templates. */
export type BackendSpec =
  | { kind: 'uwsgi'; app: string; socket: string }
  | { kind: 'http'; app: string; scheme: 'http' | 'https'; upstream: string; servers: string[] }
  | { kind: 'none'; app: string };

function unsupported(app: string, message: string, backend: unknown): Hop3Error {
  return nginxError({ code: NginxErrorCodes.unsupportedBackend, message: `App "${app}": ${message}`, details: { app, backend } });
}

/** `host:port` for an upstream `server` line; IPv6 addresses get brackets. */
function serverAddress(app: string, address: string, port: number | null): string {
  let host = address.trim();
  let portNumber = port;
  // Tolerate "127.0.0.1:5000" with no separate port.
  const embedded = /^([^:[\]]+):(\d{1,5})$/.exec(host);
  if (portNumber === null && embedded) {
    host = embedded[1] as string;
    portNumber = Number(embedded[2]);
  }
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const valid = isIP(bare) !== 0 || HOSTNAME_PATTERN.test(bare);
  if (!valid || bare.startsWith('*')) throw unsupported(app, `backend address "${address}" is not an IP address or hostname`, { address, port });
  if (portNumber === null || !Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    throw unsupported(app, `backend ${address} has no valid port (got ${String(port)})`, { address, port });
  }
  return `${isIP(bare) === 6 ? `[${bare}]` : bare}:${portNumber}`;
}

/**
 * Translate what the deployer returned: `unix` → uwsgi_pass to the socket; `http`/`https` →
 * an upstream with the main address and `upstreams`; `static` → no backend.
 */
export function resolveBackend(app: string, backend: DeploymentInfo): BackendSpec {
  switch (backend.protocol) {
    case 'unix': {
      const socket = backend.address.replace(/^unix:/, '');
      if (!isAbsolute(socket) || !isQuotableConfigValue(socket) || /\s/.test(socket)) {
        throw unsupported(app, `uWSGI socket "${backend.address}" must be an absolute path without spaces, quotes, ";", braces or "$"`, backend);
      }
      return { kind: 'uwsgi', app, socket };
    }
    case 'http':
    case 'https': {
      const servers = [serverAddress(app, backend.address, backend.port)];
      for (const extra of backend.upstreams ?? []) servers.push(serverAddress(app, extra.address, extra.port));
      return { kind: 'http', app, scheme: backend.protocol, upstream: `hop3_app_${app.replace(/-/g, '_')}`, servers: [...new Set(servers)] };
    }
    case 'static':
      return { kind: 'none', app };
    default:
      throw unsupported(app, `nginx cannot proxy a "${backend.protocol}" backend (supported: unix, http, https, static)`, backend);
  }
}
