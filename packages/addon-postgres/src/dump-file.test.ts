import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectDumpFile, sniffDumpFormat } from './dump-file.js';

describe('sniffDumpFormat', () => {
  it('recognises custom archives by their PGDMP magic', () => {
    expect(sniffDumpFormat(Buffer.from('PGDMP\x01\x0e\x00\x04\x08'))).toBe('custom');
  });
  it('recognises tar archives', () => {
    const tar = Buffer.alloc(512);
    tar.write('ustar', 257, 'latin1');
    tar.write('toc.dat', 0);
    expect(sniffDumpFormat(tar)).toBe('tar');
  });
  it('takes UTF-8 text as SQL', () => {
    expect(sniffDumpFormat(Buffer.from("CREATE TABLE t (x text); INSERT INTO t VALUES ('žluť');"))).toBe('sql');
  });
  it('refuses binary garbage', () => {
    expect(sniffDumpFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]))).toBeUndefined();
    expect(sniffDumpFormat(Buffer.from([0xff, 0xfe, 0xfd, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46]))).toBeUndefined();
  });
});

describe('inspectDumpFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-dump-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a missing file', async () => {
    await expect(inspectDumpFile(join(dir, 'nope.dump'))).rejects.toMatchObject({ code: 'HOP3_POSTGRES_BACKUP_NOT_FOUND' });
  });
  it('reports an empty file', async () => {
    await writeFile(join(dir, 'empty.dump'), '');
    await expect(inspectDumpFile(join(dir, 'empty.dump'))).rejects.toMatchObject({ code: 'HOP3_POSTGRES_BACKUP_INVALID', message: expect.stringMatching(/empty/) });
  });
  it('reports a directory', async () => {
    await expect(inspectDumpFile(dir)).rejects.toMatchObject({ code: 'HOP3_POSTGRES_BACKUP_INVALID' });
  });
  it('classifies files', async () => {
    await writeFile(join(dir, 'x.sql'), 'SELECT 1;\n');
    await expect(inspectDumpFile(join(dir, 'x.sql'))).resolves.toBe('sql');
    await writeFile(join(dir, 'x.bin'), Buffer.from([1, 0, 2, 0]));
    await expect(inspectDumpFile(join(dir, 'x.bin'))).rejects.toMatchObject({ code: 'HOP3_POSTGRES_BACKUP_INVALID' });
  });
});
