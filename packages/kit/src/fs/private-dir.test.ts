import { chmod, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePrivateDir } from './private-dir.js';

describe('ensurePrivateDir', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-kit-private-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the directory 0700 and its missing parents with the usual mode', async () => {
    const path = join(dir, 'a', 'b');
    await ensurePrivateDir(path);
    expect((await stat(path)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'a'))).mode & 0o077).not.toBe(0);
  });

  it('tightens an existing directory and applies another mode when asked', async () => {
    const path = join(dir, 'open');
    await ensurePrivateDir(path, { mode: 0o755 });
    await chmod(path, 0o777);
    await ensurePrivateDir(path);
    expect((await stat(path)).mode & 0o777).toBe(0o700);
    await ensurePrivateDir(path, { mode: 0o750 });
    expect((await stat(path)).mode & 0o777).toBe(0o750);
  });

  it('refuses a file or a symbolic link in its place', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(ensurePrivateDir(join(dir, 'file'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await symlink(join(dir, 'open'), join(dir, 'link'));
    await expect(ensurePrivateDir(join(dir, 'link'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect((await stat(join(dir, 'open'))).mode & 0o777).toBe(0o750);
  });
});
