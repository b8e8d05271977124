import type { ServiceDescriptor, StrategyRuntime } from '@hop3/core';
import { listRedisServices } from './list-services.js';
import { RedisAddon } from './redis-addon.js';

async function eachService(runtime: StrategyRuntime, action: (addon: RedisAddon) => Promise<void>): Promise<void> {
  const services = await listRedisServices(runtime);
  const results = await Promise.allSettled(services.map((service) => action(new RedisAddon(service.name, runtime))));
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failures.length > 0) throw failures[0]?.reason;
}

/** `hop3 server start|stop|status` for every redis service under HOP3_ROOT. */
export const redisServerService: ServiceDescriptor = {
  name: 'redis',
  description: 'the private redis-server of every redis service',
  start: (runtime) => eachService(runtime, (addon) => addon.start()),
  stop: (runtime) => eachService(runtime, (addon) => addon.stop()),
  async status(runtime) {
    try {
      const services = await listRedisServices(runtime);
      return {
        running: services.some((service) => service.running),
        services: services.map(({ name, port, running }) => ({ name, port, running })),
      };
    } catch (error) {
      return { running: false, error: (error as Error).message };
    }
  },
};
