import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuildHook, type HookContext } from './build-hooks.js';

describe('runBuildHook', () => {
  let dir: string;
  let context: HookContext;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-hooks-'));
    context = { app: 'shop', appEnv: { API_TOKEN: 'tok_leak999', GREETING: 'hello-there' }, home: dir, cwd: dir, logFile: join(dir, 'build.log') };
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("masks the app's secrets in the error and in a private build log", async () => {
    const error = await runBuildHook('postbuild', ['echo "token is $API_TOKEN, $GREETING" >&2; exit 3'], context, null).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HOP3_HOOK_FAILED', message: expect.stringContaining('token is ****, hello-there') });
    expect(JSON.stringify(error)).not.toContain('tok_leak999');
    expect(String((error as Error).message)).not.toContain('tok_leak999');
    const log = await readFile(context.logFile, 'utf8');
    expect(log).toContain('token is ****, hello-there');
    expect(log).not.toContain('tok_leak999');
    expect((await stat(context.logFile)).mode & 0o777).toBe(0o600);
  });

  it('masks them in the output of a hook that succeeds', async () => {
    await runBuildHook('prebuild', ['env | grep TOKEN'], context, null);
    expect(await readFile(context.logFile, 'utf8')).toContain('API_TOKEN=****');
  });
});
