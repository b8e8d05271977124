// End to end: build hooks run with the environment of the app's processes (the venv first on
// PATH, the app's env), and a venv may see the system's site-packages when the app asks.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@hop3/kit';
import { requirePrograms } from './support/programs.js';
import { runHop3 } from './support/hop3-runner.js';

const WHEEL_EXAMPLE = fileURLToPath(new URL('../../../examples/python-wheel', import.meta.url));

let root: string;
let work: string;
let env: Record<string, string>;

const hop3 = (...args: string[]) => runHop3(args, { env, cwd: work });

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3');
  root = await mkdtemp(join(tmpdir(), 'hop3-buildenv-root-'));
  work = await mkdtemp(join(tmpdir(), 'hop3-buildenv-work-'));
  env = {
    HOP3_ROOT: root,
    HOP3_HTTP_PORT: String(await findFreePort()),
    HOP3_HTTPS_PORT: String(await findFreePort()),
    HOP3_DISCOVER: '0',
    HOP3_START_TIMEOUT: '30',
    PIP_CONFIG_FILE: '/dev/null',
    PIP_NO_INDEX: '1',
  };
});

afterAll(async () => {
  for (const app of ['hooks']) await runHop3(['destroy', app, '--yes'], { env }).catch(() => undefined);
  await runHop3(['server', 'stop'], { env });
  await rm(root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('build hooks (real venv, uWSGI and nginx)', () => {
  it('run with the venv first on PATH and the app env, like the app processes', async () => {
    const dir = join(work, 'hooks');
    await cp(WHEEL_EXAMPLE, dir, { recursive: true });
    // hop3_greeting is installed only in the venv: a bare `python` finds it only through PATH.
    const after = 'python -c "import hop3_greeting, os, sys; print(\'HOOK-OK\', hop3_greeting.greet(os.environ[\'GREETING_NAME\']), sys.prefix == os.environ[\'VIRTUAL_ENV\'], os.environ[\'APP\'], os.environ[\'HOME\'])"';
    const prerun = 'echo "PRERUN $(command -v python)"';
    await writeFile(join(dir, 'hop3.toml'), `[build]\nafter-build = ${JSON.stringify(after)}\n\n[run]\nbefore-run = ${JSON.stringify(prerun)}\n\n[env]\nGREETING_NAME = "hooks"\n\n[healthcheck]\npath = "/health"\n`);

    const result = await hop3('deploy', dir, '--app', 'hooks');
    expect(result.code, result.stderr).toBe(0);
    const log = await readFile(join(root, 'apps', 'hooks', 'log', 'build.log'), 'utf8');
    expect(log).toContain(`HOOK-OK Hello, hooks, from hop3-greeting 1.0.0! True hooks ${join(root, 'apps', 'hooks')}`);
    expect(log).toContain(`PRERUN ${join(root, 'apps', 'hooks', 'venv', 'bin', 'python')}`);
  });
});
