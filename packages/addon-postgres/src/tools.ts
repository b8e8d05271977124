import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type PgTool = 'pg_dump' | 'pg_restore' | 'psql';

const DEBIAN_ROOT = '/usr/lib/postgresql';

/**
 * Path of a client tool: `HOP3_POSTGRES_BIN_DIR`, else the newest Debian
 * /usr/lib/postgresql/<version>/bin that has it (a newer pg_dump reads older servers, never
 * the reverse), else the bare name for PATH.
 */
export function findPgTool(tool: PgTool, binDir?: string, debianRoot = DEBIAN_ROOT): string {
  if (binDir) return join(binDir, tool);
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const path = join(debianRoot, version, 'bin', tool);
      if (existsSync(path)) return path;
    }
  }
  return tool;
}
