import { join } from 'node:path';
import type { BackendSpec } from './backend.js';
import type { CertificatePaths } from './certificates.js';
import type { NginxServer } from './server.js';
import type { AppProxySettings, CacheSettings } from './settings.js';
import type { StaticMapping } from './static-paths.js';
import { siteTemplate } from './templates.js';

/** Everything that decides an app's nginx file; all of it validated before it gets here. */
export interface SiteSpec {
  app: string;
  hostnames: string[];
  backend: BackendSpec;
  settings: AppProxySettings;
  staticMappings: StaticMapping[];
  certificate: CertificatePaths;
}

const BACKEND_LOCATION = '@hop3_backend';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The cache's directory for an app (under the runtime's cache dir). */
export function cacheDirectory(server: NginxServer, app: string): string {
  return join(server.cacheDir, app);
}

function cacheData(spec: SiteSpec, server: NginxServer, cache: CacheSettings | null) {
  if (cache === null || spec.backend.kind === 'none') return null;
  return {
    module: spec.backend.kind === 'uwsgi' ? 'uwsgi' : 'proxy',
    dir: cacheDirectory(server, spec.app),
    zone: `hop3_${spec.app.replace(/-/g, '_')}`,
    // Whole path segments only: /static must not cache /staticky-private.
    pattern: `^/(?:${cache.prefixes.map(escapeRegex).join('|')})(?:/|$)`,
    maxSize: cache.maxSize,
    expiry: cache.expiry,
    time: cache.time,
    redirects: cache.redirects,
    any: cache.any,
    control: cache.control,
  };
}

/** Render the app's server blocks (and its upstream and cache path) from the template. */
export function renderSiteConfig(spec: SiteSpec, server: NginxServer): string {
  const hasBackend = spec.backend.kind !== 'none';
  const rootIsStatic = spec.staticMappings.some((mapping) => mapping.urlPrefix === '/');
  // With a process behind `/`, static files win and anything else falls through to the app.
  const backendLocation = hasBackend ? (rootIsStatic ? BACKEND_LOCATION : '/') : null;
  return siteTemplate()({
    app: spec.app,
    serverNames: spec.hostnames.join(' '),
    httpListens: server.httpListens,
    httpsListens: server.httpsListens,
    httpsOnly: spec.settings.httpsOnly,
    acmeWebroot: server.acmeWebroot,
    httpsPortSuffix: server.httpsPort === 443 ? '' : `:${server.httpsPort}`,
    certificate: spec.certificate.certificate,
    certificateKey: spec.certificate.key,
    clientMaxBodySize: spec.settings.clientMaxBodySize,
    denyDotfiles: !spec.settings.allowDotfiles,
    backend: spec.backend,
    cache: cacheData(spec, server, spec.settings.cache),
    staticLocations: spec.staticMappings.map((mapping) => {
      const toBackend = hasBackend && mapping.urlPrefix === '/';
      return {
        source: mapping.source,
        urlPrefix: mapping.urlPrefix,
        directory: mapping.directory,
        // Symlinks could lead out of the directory we checked; refuse them unless escaping is allowed.
        confined: !spec.settings.allowStaticOutsideApp,
        fallback: toBackend ? BACKEND_LOCATION : '=404',
        // A directory without index.html answers 403; hand it to the app instead.
        fallbackOnForbidden: toBackend,
      };
    }),
    backendLocation,
    notFoundRoot: !hasBackend && !rootIsStatic,
  });
}
