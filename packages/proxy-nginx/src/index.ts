import { definePlugin, type ProxyTarget, type StrategyRuntime } from '@hop3/core';
import { NginxProxy } from './nginx-proxy.js';
import { nginxService } from './service.js';

export { NginxProxy } from './nginx-proxy.js';
export { nginxService, startNginx, stopNginx, nginxStatus } from './service.js';
export { appPublicUrls, appProbe, type AppProbe } from './urls.js';
export { resolveNginxServer, siteConfigPath, type NginxServer, type NginxMode } from './server.js';
export { readAppSettings, DEFAULT_CLIENT_MAX_BODY_SIZE, type AppProxySettings, type CacheSettings } from './settings.js';
export { resolveStaticMappings, parseStaticWorker, normalizeUrlPrefix, type StaticMapping, type StaticSources } from './static-paths.js';
export { resolveHostnames } from './hostnames.js';
export { certificatePaths, certificateDnsNames } from './certificates.js';
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
    getServices: () => [nginxService],
  },
});
