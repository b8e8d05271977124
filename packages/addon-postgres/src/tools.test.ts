import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgTool } from './tools.js';

describe('findPgTool', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hop3-pgbin-'));
    for (const version of ['13', '16', '9.6']) {
      await mkdir(join(root, version, 'bin'), { recursive: true });
      await writeFile(join(root, version, 'bin', 'pg_dump'), '');
    }
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  it('prefers HOP3_POSTGRES_BIN_DIR', () => {
    expect(findPgTool('psql', '/opt/pg/bin', root)).toBe('/opt/pg/bin/psql');
  });
  it('picks the newest version that has the tool', () => {
    expect(findPgTool('pg_dump', undefined, root)).toBe(join(root, '16', 'bin', 'pg_dump'));
  });
  it('falls back to PATH', () => {
    expect(findPgTool('psql', undefined, root)).toBe('psql');
    expect(findPgTool('psql', undefined, join(root, 'missing'))).toBe('psql');
  });
});
