import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFiles, sha256Files } from './hash-files.js';

describe('hashFiles / sha256Files', () => {
  let root: string;
  let app: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hop3-kit-hash-'));
    app = join(root, 'app');
    await mkdir(join(app, 'sub'), { recursive: true });
    await writeFile(join(app, 'requirements.txt'), 'flask==3.0\n');
    await writeFile(join(app, 'sub', 'extra.txt'), 'x');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is a hex SHA-256, independent of order and duplicates', async () => {
    const digest = await hashFiles(app, ['requirements.txt', 'sub/extra.txt']);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashFiles(app, ['sub/extra.txt', 'requirements.txt', './requirements.txt'])).toBe(digest);
    expect(await hashFiles(app, ['requirements.txt', 'sub/extra.txt'])).toBe(digest);
  });

  it('does not depend on where the directory lives', async () => {
    const moved = join(root, 'moved');
    await cp(app, moved, { recursive: true });
    expect(await hashFiles(moved, ['requirements.txt'])).toBe(await hashFiles(app, ['requirements.txt']));
    expect(await sha256Files([join(moved, 'requirements.txt')])).not.toBe(await sha256Files([join(app, 'requirements.txt')]));
  });

  it('changes when a content changes, a file appears, or a name changes', async () => {
    const dir = join(root, 'changing');
    await mkdir(dir);
    const names = ['requirements.txt', 'poetry.lock'];
    const before = await hashFiles(dir, names);
    await writeFile(join(dir, 'poetry.lock'), '');
    const withEmptyFile = await hashFiles(dir, names);
    expect(withEmptyFile).not.toBe(before);
    await writeFile(join(dir, 'poetry.lock'), 'a');
    expect(await hashFiles(dir, names)).not.toBe(withEmptyFile);
    await writeFile(join(dir, 'other.lock'), 'a');
    expect(await hashFiles(dir, ['requirements.txt', 'other.lock'])).not.toBe(await hashFiles(dir, names));
  });

  it('does not confuse a name/content boundary', async () => {
    const dir = join(root, 'boundary');
    await mkdir(dir);
    await writeFile(join(dir, 'a'), 'bc');
    await writeFile(join(dir, 'ab'), 'c');
    expect(await hashFiles(dir, ['a'])).not.toBe(await hashFiles(dir, ['ab']));
  });

  it('treats missing files as absent', async () => {
    const digest = await hashFiles(app, ['nope.txt']);
    expect(await hashFiles(app, ['nope.txt'])).toBe(digest);
    expect(await hashFiles(app, ['missing-dir/nope.txt'])).not.toBe(digest);
    expect(await sha256Files([])).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(['../secret', '/etc/passwd', '', 'sub/../../x'])('refuses %j', async (path) => {
    await expect(hashFiles(app, [path])).rejects.toMatchObject({ code: 'HOP3_INVALID_INPUT' });
  });

  it('refuses a directory', async () => {
    await expect(hashFiles(app, ['sub'])).rejects.toMatchObject({ code: 'HOP3_INVALID_INPUT' });
  });
});
