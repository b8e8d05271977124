import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHop3Root } from './hop3-root.js';

describe('ensureHop3Root', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-root-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a missing root 0700, whatever the umask', async () => {
    const root = join(dir, 'srv', 'hop3');
    const umask = process.umask(0);
    try {
      await ensureHop3Root(root);
    } finally {
      process.umask(umask);
    }
    expect((await stat(root)).mode & 0o777).toBe(0o700);
  });

  it('takes access away from others on an existing root, keeping the group (setup makes it 0750)', async () => {
    const root = join(dir, 'old');
    await ensureHop3Root(root);
    await chmod(root, 0o755);
    await ensureHop3Root(root);
    expect((await stat(root)).mode & 0o777).toBe(0o750);
  });

  it('refuses a file with a coded error naming it', async () => {
    const file = join(dir, 'file');
    await writeFile(file, '');
    await expect(ensureHop3Root(file)).rejects.toMatchObject({ code: 'HOP3_ROOT_NOT_A_DIRECTORY', message: expect.stringContaining(file) });
  });
});
