import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from './write-file-atomic.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-kit-atomic-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates parent directories and replaces the content, twice in a row, leaving no temp file', async () => {
    const path = join(dir, 'nested', 'deeper', 'app.conf');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, 'second');
    await writeFileAtomic(path, 'second');
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(join(dir, 'nested', 'deeper'))).toEqual(['app.conf']);
  });

  it('applies the mode, including on an existing file with another mode', async () => {
    const path = join(dir, 'secret');
    await writeFile(path, 'old', { mode: 0o644 });
    await writeFileAtomic(path, 'password', { mode: 0o600 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('password');
  });

  it('is 0600 unless told otherwise, whatever the umask, also when it replaces a 0644 file', async () => {
    const path = join(dir, 'env.json');
    await writeFile(path, 'old', { mode: 0o644 });
    const umask = process.umask(0);
    try {
      await writeFileAtomic(path, 'SECRET=1');
    } finally {
      process.umask(umask);
    }
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await writeFileAtomic(path, 'public', { mode: 0o644 });
    expect((await stat(path)).mode & 0o777).toBe(0o644);
  });

  it('writes bytes as given', async () => {
    const path = join(dir, 'bytes.bin');
    await writeFileAtomic(path, new Uint8Array([0, 255, 10]));
    expect([...(await readFile(path))]).toEqual([0, 255, 10]);
  });

  it('refuses a missing parent when mkdirs is false', async () => {
    await expect(writeFileAtomic(join(dir, 'absent', 'x'), 'x', { mkdirs: false })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves the target and the directory untouched when the final rename fails', async () => {
    const target = join(dir, 'is-a-dir');
    await mkdir(join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(await readdir(target)).toEqual(['inside']);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('writeJsonAtomic', () => {
  it('writes pretty JSON with a trailing newline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hop3-kit-json-'));
    try {
      const path = join(dir, 'state.json');
      await writeJsonAtomic(path, { app: 'web', port: 8000 });
      expect(await readFile(path, 'utf8')).toBe('{\n  "app": "web",\n  "port": 8000\n}\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
