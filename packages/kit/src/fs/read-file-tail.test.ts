import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readFileTail } from './read-file-tail.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kit-tail-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('returns the lines of the last bytes, dropping the line the limit cut', async () => {
  const path = join(dir, 'a.log');
  await writeFile(path, 'first line\nsecond\nthird\n');
  expect(await readFileTail(path, 13)).toEqual(['third', '']);
  expect(await readFileTail(path, 1000)).toEqual(['first line', 'second', 'third', '']);
});

it('gives no lines for a missing file', async () => {
  expect(await readFileTail(join(dir, 'missing.log'), 100)).toEqual([]);
});
