import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appConfigSchema } from '@hop3/core';
import { checkPackageJson } from './package-json.js';
import { defaultWebCommand } from './start-command.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-start-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = (workers: Record<string, string> = {}) => appConfigSchema.parse({ workers });
const pkg = (scripts: Record<string, string> = {}) => checkPackageJson({ scripts }, 'package.json');

describe('defaultWebCommand', () => {
  it('runs the start script when the app declares no web process', () => {
    expect(defaultWebCommand(config(), pkg({ start: 'node dist/server.js' }), dir)).toBe('node dist/server.js');
    expect(defaultWebCommand(config({ worker: 'node w.js' }), pkg({ start: 'node s.js' }), dir)).toBe('node s.js');
  });

  it('leaves a declared web process alone', () => {
    expect(defaultWebCommand(config({ web: 'node a.js' }), pkg({ start: 'node s.js' }), dir)).toBeNull();
    expect(defaultWebCommand(config({ static: 'public' }), pkg(), dir)).toBeNull();
  });

  it('falls back to node server.js when the file exists', async () => {
    await writeFile(join(dir, 'server.js'), '');
    expect(defaultWebCommand(config(), pkg(), dir)).toBe('node server.js');
  });

  it('needs nothing for an app with background workers only', () => {
    expect(defaultWebCommand(config({ worker: 'node w.js' }), pkg(), dir)).toBeNull();
  });

  it('refuses an app without any start command, saying the three ways to give one', () => {
    let error: (Error & { code?: string; badInput?: boolean }) | undefined;
    try {
      defaultWebCommand(config({ build: 'tsc' }), pkg({ build: 'tsc' }), dir);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.code).toBe('HOP3_NODE_NO_START_COMMAND');
    expect(error?.badInput).toBe(true);
    expect(error?.message).toMatch(/scripts.*Procfile.*\[run\]/s);
  });
});
