import { definePlugin, type ProxyTarget, type StrategyRuntime } from '@hop3/core';
import { NginxProxy } from './nginx-proxy.js';
import { nginxService } from './service.js';
import { acmeRenewalService } from './acme-renewal-service.js';

// The public surface: the strategy, its service, its settings and the error codes.
export { NginxProxy } from './nginx-proxy.js';
export { nginxService } from './service.js';
export { acmeRenewalService } from './acme-renewal-service.js';
export type { NginxServer, NginxMode } from './server.js';
export { readAppSettings, DEFAULT_CLIENT_MAX_BODY_SIZE, type AppProxySettings, type CacheSettings } from './settings.js';
export type { StaticMapping } from './static-paths.js';
export { NginxErrorCodes, type NginxErrorCode } from './errors.js';

export default definePlugin({
  name: 'hop3-plugin-proxy-nginx',
  apiVersion: 1,
  hooks: {
    getProxies: () => [
      {
        name: 'nginx',
        description: NginxProxy.description,
        create: (target: ProxyTarget, runtime: StrategyRuntime) => new NginxProxy(target, runtime),
      },
    ],
    getServices: () => [nginxService, acmeRenewalService],
  },
});
