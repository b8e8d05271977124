import { describeProxy, freePorts, requirePrograms } from '@hop3/testkit';
import plugin from './index.js';

// The proxy protocol's conformance suite from @hop3/testkit, through a real private nginx on
// free loopback ports (stopped by the suite through the plugin's "nginx" service).
describeProxy({
  plugin,
  strategy: 'nginx',
  env: async () => {
    requirePrograms(['nginx', 'openssl'], 'apt-get install nginx openssl');
    const [http, https] = (await freePorts(2)) as [number, number];
    return { HOP3_HTTP_PORT: String(http), HOP3_HTTPS_PORT: String(https) };
  },
});
