import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyState, readState, removeState, statePath, writeState } from './state.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-uwsgi-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('deploy state', () => {
  it('reads an empty state when there is no file', async () => {
    expect(await readState(dir)).toEqual(emptyState());
  });

  it('round-trips counts and generations through an atomic write, leaving no temp file', async () => {
    const state = emptyState();
    state.counts = { wsgi: 2 };
    state.lastGeneration = 3;
    state.current = { generation: 3, committed: true, sourcePath: '/src', vassals: [{ kind: 'wsgi', ordinal: 1, file: 'a_wsgi.1.g3.ini', port: 1234, socket: '/s' }] };
    await writeState(dir, state);
    expect(await readState(dir)).toEqual(state);
    expect(await readdir(dir)).toEqual(['uwsgi-state.json']);
    await removeState(dir);
    await removeState(dir);
    expect(await readState(dir)).toEqual(emptyState());
    expect(statePath(dir)).toBe(join(dir, 'uwsgi-state.json'));
  });

  it('reports a file cut short with a coded error naming it, never a bare JSON error', async () => {
    await writeFile(statePath(dir), '{"version": 1, "counts": {"wsgi"');
    await expect(readState(dir)).rejects.toMatchObject({ code: 'HOP3_STATE_CORRUPT', message: expect.stringContaining(statePath(dir)) });
  });
});
