import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { readEnvFile, writeEnvFile } from './env-file-io.js';

describe('readEnvFile / writeEnvFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-kit-env-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a missing file as an empty record', async () => {
    expect(await readEnvFile(join(dir, 'absent', 'ENV'))).toEqual({});
  });

  it('writes with mode 0600 and reads back the same record, twice in a row', async () => {
    const path = join(dir, 'app', 'ENV');
    const record = { SECRET_KEY: 'a b "c"', PORT: '8000' };
    await writeEnvFile(path, record);
    await writeEnvFile(path, record);
    expect(await readEnvFile(path)).toEqual(record);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('PORT=8000\nSECRET_KEY=\'a b "c"\'\n');
  });

  it('honours an explicit mode', async () => {
    const path = join(dir, 'public.env');
    await writeEnvFile(path, { A: '1' }, { mode: 0o644 });
    expect((await stat(path)).mode & 0o777).toBe(0o644);
  });

  it('leaves the old file untouched when a record is refused', async () => {
    const path = join(dir, 'keep', 'ENV');
    await writeEnvFile(path, { A: '1' });
    await expect(writeEnvFile(path, { 'BAD-NAME': 'x' })).rejects.toMatchObject({ code: 'HOP3_INVALID_INPUT' });
    expect(await readFile(path, 'utf8')).toBe('A=1\n');
    expect(await readdir(join(dir, 'keep'))).toEqual(['ENV']);
  });

  it('names the file and line of a malformed entry', async () => {
    const path = join(dir, 'broken.env');
    await writeFile(path, 'A=1\nnot an assignment\n');
    const error = await readEnvFile(path).catch((e: unknown) => e as Error);
    expect(hasErrorCode(error, 'HOP3_INVALID_ENV_FILE')).toBe(true);
    expect((error as Error).message).toContain(`${path}:2:`);
  });
});
