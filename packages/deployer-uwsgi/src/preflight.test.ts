import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayout, emptyAppConfig, type DeploymentContext, type StrategyRuntime } from '@hop3/core';
import { silentLogger } from '@hop3/kit';
import { preflightUwsgi } from './preflight.js';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hop3-uwsgi-preflight-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

function check(options: { env?: Record<string, string>; workers?: Record<string, string>; root?: string; settings?: Record<string, string> }): Promise<void> {
  const runtime: StrategyRuntime = { layout: createLayout(options.root ?? join(base, 'root')), env: options.settings ?? {}, log: silentLogger };
  const context = {
    appName: 'blog',
    sourcePath: base,
    appConfig: { ...emptyAppConfig(), env: options.env ?? {}, workers: options.workers ?? { wsgi: 'app:application' } },
  } as DeploymentContext;
  return Promise.resolve(preflightUwsgi(context, runtime));
}

describe('preflightUwsgi', () => {
  it('accepts a plain app', async () => {
    await expect(check({ env: { A: '1', UWSGI_PROCESSES: '2' } })).resolves.toBeUndefined();
  });

  it.each([
    [{ env: { UWSGI_PROCESSES: 'abc' } }, 'HOP3_UWSGI_INVALID_SETTING', 'UWSGI_PROCESSES'],
    [{ env: { UWSGI_LISTEN: '0' } }, 'HOP3_UWSGI_INVALID_SETTING', 'UWSGI_LISTEN'],
    [{ env: { UWSGI_PROCESES: '4' } }, 'HOP3_UWSGI_INVALID_SETTING', 'UWSGI_PROCESES is not a uWSGI setting hop3 knows (did you mean UWSGI_PROCESSES?)'],
    [{ env: { UWSGI_HARAKIRI: '30' } }, 'HOP3_UWSGI_INVALID_SETTING', 'the UWSGI_ names are UWSGI_PROCESSES,'],
    [{ env: { X: 'a $(id)' } }, 'HOP3_UWSGI_INVALID_ENV', 'X'],
    [{ env: { X: 'trailing ' } }, 'HOP3_UWSGI_INVALID_ENV', 'X'],
    [{ workers: { wsgi: 'python app.py' } }, 'HOP3_UWSGI_INVALID_WORKER', 'WSGI module path'],
    [{ settings: { HOP3_UWSGI_UID: 'bad name!' } }, 'HOP3_UWSGI_INVALID_SETTING', 'HOP3_UWSGI_UID'],
    [{ root: join('/tmp', 'x'.repeat(90)) }, 'HOP3_UWSGI_INVALID_SETTING', 'longer than 102 bytes'],
  ])('refuses %j', async (options, code, words) => {
    await expect(check(options)).rejects.toMatchObject({ code, message: expect.stringContaining(words) });
  });

  it('never echoes an env value it refuses', async () => {
    const error = await check({ env: { SECRET: 'leak-me $(x)' } }).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toContain('SECRET');
    expect(error?.message).not.toContain('leak-me');
  });
});
