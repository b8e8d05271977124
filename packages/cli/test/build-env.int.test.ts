// End to end: build hooks run with the environment of the app's processes (the venv first on
// PATH, the app's env), and a venv may see the system's site-packages when the app asks.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePrograms } from './support/programs.js';
import { runHop3 } from './support/hop3-runner.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const WHEEL_EXAMPLE = fileURLToPath(new URL('../../../examples/python-wheel', import.meta.url));

let private_: PrivateHop3;
let root: string;
let work: string;
let env: Record<string, string>;
let httpPort: number;

const hop3 = (...args: string[]) => runHop3(args, { env, cwd: work });

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3');
  private_ = await createPrivateHop3({ name: 'buildenv', startTimeout: 30 });
  ({ root, work, env, httpPort } = private_);
});

afterAll(() => private_?.close());

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
    // The venv of this dependency set (apps/<app>/venvs/<hash>), which the release's processes run with too.
    expect(log).toMatch(new RegExp(`PRERUN ${join(root, 'apps', 'hooks', 'venvs')}/[0-9a-f]{24}/bin/python`));
  });
});
