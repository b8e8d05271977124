import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendBuildLog, startBuildLog } from './build-log.js';

describe('build log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-build-log-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is created private and appended to', async () => {
    const file = await startBuildLog(join(dir, 'log'), 'shop', 'python');
    await appendBuildLog(file, 'pip install ok');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/build of shop with "python" =====\npip install ok\n$/);
  });

  it('makes a log an older version left readable by others private', async () => {
    const file = join(dir, 'build.log');
    await writeFile(file, 'old\n', { mode: 0o644 });
    await startBuildLog(dir, 'shop', 'node');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/^old\n/);
  });
});
