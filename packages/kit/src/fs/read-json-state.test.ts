import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonState, type StateSchema } from './read-json-state.js';

interface Counter {
  count: number;
}

/** The shape zod's safeParse has, hand-written (kit does not depend on zod). */
const counterSchema: StateSchema<Counter> = {
  safeParse(value) {
    const count = (value as { count?: unknown } | null)?.count;
    if (typeof count === 'number') return { success: true, data: { count } };
    return { success: false, error: { issues: [{ path: ['count'], message: 'expected a number' }] } };
  },
};

const options = { what: 'the state file of app "blog"', recovery: 'run "hop3 destroy blog --yes"' };

describe('readJsonState', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the parsed value of a valid file', async () => {
    await writeFile(join(dir, 'a.json'), '{"count": 3}');
    await expect(readJsonState(join(dir, 'a.json'), counterSchema, options)).resolves.toEqual({ count: 3 });
  });

  it('returns undefined for a missing file', async () => {
    await expect(readJsonState(join(dir, 'missing.json'), counterSchema, options)).resolves.toBeUndefined();
  });

  it('names the file and the recovery for a file cut short, without quoting its text', async () => {
    const path = join(dir, 'a.json');
    await writeFile(path, '{"count": 3, "secret": "hunter2-very-secret');
    const error = await readJsonState(path, counterSchema, options).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HOP3_STATE_CORRUPT', details: { path } });
    const message = (error as Error).message;
    expect(message).toContain(path);
    expect(message).toContain('The state file of app "blog" is damaged');
    expect(message).toContain('hop3 destroy blog --yes');
    expect(message).not.toContain('hunter2');
    expect((error as Error).cause).toBeUndefined();
  });

  it('reports an empty file and a file of the wrong shape', async () => {
    await writeFile(join(dir, 'empty.json'), '');
    await writeFile(join(dir, 'shape.json'), '{"count": "x"}');
    await expect(readJsonState(join(dir, 'empty.json'), counterSchema, options)).rejects.toThrow(/is empty/);
    await expect(readJsonState(join(dir, 'shape.json'), counterSchema, options)).rejects.toThrow(/at count: expected a number/);
  });

  it("uses the caller's error code and reports a directory in place of the file", async () => {
    await mkdir(join(dir, 'dir.json'));
    await expect(readJsonState(join(dir, 'dir.json'), counterSchema, { ...options, code: 'HOP3_X_CORRUPT' })).rejects.toMatchObject({
      code: 'HOP3_X_CORRUPT',
      message: expect.stringContaining('is a directory'),
    });
  });
});
