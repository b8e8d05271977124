import { readdir } from 'node:fs/promises';
import { isSafeName, type StrategyRuntime } from '@hop3/core';
import { ADDON_TYPE, redisServicePaths } from './paths.js';
import { readRedisSettings } from './settings.js';
import { readServiceState } from './service-state.js';
import { RedisServerProcess } from './redis-server.js';

/** One created redis service, as listed for hosts. Never carries the password. */
export interface RedisServiceSummary {
  name: string;
  port: number;
  createdAt: string;
  dir: string;
}

export interface RedisServiceStatus extends RedisServiceSummary {
  running: boolean;
}

/** The names and ports of every created service (no processes touched). */
export async function readServiceSummaries(runtime: StrategyRuntime): Promise<RedisServiceSummary[]> {
  let entries: string[];
  try {
    entries = await readdir(runtime.layout.addonDir(ADDON_TYPE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const summaries: RedisServiceSummary[] = [];
  for (const name of entries.filter(isSafeName).sort()) {
    const paths = redisServicePaths(runtime.layout, name);
    const state = await readServiceState(paths.state).catch(() => undefined);
    if (state) summaries.push({ name, port: state.port, createdAt: state.createdAt, dir: paths.dir });
  }
  return summaries;
}

/** Every created redis service with whether it answers right now. */
export async function listRedisServices(runtime: StrategyRuntime): Promise<RedisServiceStatus[]> {
  const settings = readRedisSettings(runtime.env);
  const summaries = await readServiceSummaries(runtime);
  return Promise.all(
    summaries.map(async (summary) => {
      const paths = redisServicePaths(runtime.layout, summary.name);
      const state = await readServiceState(paths.state);
      const running = state ? await new RedisServerProcess(paths, state, settings, runtime.log).isRunning() : false;
      return { ...summary, running };
    }),
  );
}
