import { join } from 'node:path';
import type { Hop3Layout } from '@hop3/core';
import { validateServiceName } from './service-name.js';

export const ADDON_TYPE = 'redis';

/** Where one redis service keeps its files: everything under one 0700 directory. */
export interface RedisServicePaths {
  name: string;
  /** `<HOP3_ROOT>/addons/redis/<name>` (0700). */
  dir: string;
  /** redis.conf: holds `requirepass`, so 0600. */
  config: string;
  /** service.json: port and password (0600). */
  state: string;
  pidFile: string;
  logFile: string;
  /** redis-server's `dir`: dump.rdb lives here. */
  dataDir: string;
  dump: string;
  /** Where backups of this service go. */
  backupDir: string;
}

export function redisServicePaths(layout: Hop3Layout, name: string): RedisServicePaths {
  const safe = validateServiceName(name);
  const dir = join(layout.addonDir(ADDON_TYPE), safe);
  const dataDir = join(dir, 'data');
  return {
    name: safe,
    dir,
    config: join(dir, 'redis.conf'),
    state: join(dir, 'service.json'),
    pidFile: join(dir, 'redis.pid'),
    logFile: join(dir, 'redis.log'),
    dataDir,
    dump: join(dataDir, 'dump.rdb'),
    backupDir: layout.backupDir(ADDON_TYPE, safe),
  };
}
