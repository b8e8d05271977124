// End to end: a deploy whose web process cannot start fails fast and says why, even when a
// background worker writes its own log lines at the same time.
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePrograms } from './support/programs.js';
import { runHop3 } from './support/hop3-runner.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-wsgi', import.meta.url));

let private_: PrivateHop3;
let root: string;
let work: string;
let env: Record<string, string>;
let httpPort: number;

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3');
  private_ = await createPrivateHop3({ name: 'gate', startTimeout: 60 });
  ({ root, work, env, httpPort } = private_);
});

afterAll(() => private_?.close());

describe('the health gate (real uWSGI)', () => {
  it('fails fast when the wsgi process cannot import the app, showing its traceback over a chatty worker', async () => {
    const dir = join(work, 'gate');
    await cp(EXAMPLE, dir, { recursive: true });
    await writeFile(join(dir, 'app.py'), 'import flask_that_is_not_installed\n\napplication = None\n');
    // No [healthcheck] timeout: HOP3_START_TIMEOUT (60 s) applies.
    await writeFile(join(dir, 'hop3.toml'), '[healthcheck]\npath = "/health"\n');
    const banner = Array.from({ length: 30 }, (_, i) => `echo "worker banner line ${i}"`).join('; ');
    await writeFile(join(dir, 'Procfile'), `wsgi: app:application\nworker: sh -c '${banner}; while true; do echo tick; sleep 0.2; done'\n`);

    const started = performance.now();
    const result = await runHop3(['deploy', dir, '--app', 'gate', '--json'], { env, cwd: work });
    const seconds = (performance.now() - started) / 1000;

    expect(result.code).toBe(1);
    const error = result.json<{ error: { code: string; message: string; details: { logFile: string | null } } }>().error;
    expect(error.code).toBe('HOP3_HEALTH_GATE_FAILED');
    expect(error.message).toContain('ModuleNotFoundError');
    expect(error.message).toContain("No module named 'flask_that_is_not_installed'");
    expect(error.message).not.toContain('worker banner line');
    expect(error.details.logFile).toBe(join(root, 'apps', 'gate', 'log', 'wsgi.1.log'));
    expect(seconds).toBeLessThan(20);
  });
});
