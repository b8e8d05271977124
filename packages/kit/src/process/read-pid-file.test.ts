import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPidFile } from './read-pid-file.js';

describe('readPidFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-kit-pid-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['1234\n', 1234],
    ['  42  ', 42],
    ['', null],
    ['abc', null],
    ['12abc', null],
    ['-5', null],
    ['0', null],
    ['1.5', null],
    ['99999999999', null],
  ])('reads %j as %j', async (content, expected) => {
    const path = join(dir, 'app.pid');
    await writeFile(path, content);
    expect(await readPidFile(path)).toBe(expected);
  });

  it('returns null for a missing file or a directory', async () => {
    expect(await readPidFile(join(dir, 'absent.pid'))).toBeNull();
    expect(await readPidFile(join(dir, 'absent', 'deeper.pid'))).toBeNull();
    expect(await readPidFile(dir)).toBeNull();
  });
});
