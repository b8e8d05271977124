import { describeAddon, requirePrograms } from '@hop3/testkit';
import plugin from './index.js';
import { withClient } from './test-support/redis-data.js';

// The addon protocol's conformance suite from @hop3/testkit, against a real redis-server that
// the addon itself starts and stops.
describeAddon({
  plugin,
  strategy: 'redis',
  env: () => {
    requirePrograms(['redis-server', 'redis-check-rdb'], 'apt-get install redis-server');
    return { HOP3_REDIS_PORTS: '16570-16589' };
  },
  write: (details, marker) => withClient(details.REDIS_URL!, async (client) => void (await client.set('conformance', marker))),
  read: (details) => withClient(details.REDIS_URL!, async (client) => (await client.get('conformance'))?.toString() ?? null),
});
