// End to end with the built binary: scale refuses to stop the web kind, status tells the measured
// truth (degraded with a crash-looping worker), and start/restart return only once the app answers.
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@hop3/kit';
import { httpGet } from './support/http-get.js';
import { requirePrograms } from './support/programs.js';
import { runHop3 } from './support/hop3-runner.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-wsgi', import.meta.url));

let private_: PrivateHop3;
let root: string;
let work: string;
let env: Record<string, string>;
let httpPort: number;

const hop3 = (...args: string[]) => runHop3(args, { env, cwd: work });
const get = (path = '/') => httpGet(httpPort, 'life.localhost', path);

interface StatusJson {
  status: string;
  running: boolean;
  workers: Array<{ kind: string; state: string; logTail?: string[] }>;
}

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3', 'openssl');
  private_ = await createPrivateHop3({ name: 'life', startTimeout: 15 });
  ({ root, work, env, httpPort } = private_);
  const deployed = await hop3('deploy', EXAMPLE, '--app', 'life', '--json');
  expect(deployed.code, deployed.stderr).toBe(0);
});

afterAll(() => private_?.close());

describe('status that never lies (real nginx and uWSGI)', () => {
  it('refuses to scale the web kind to 0; status still says running and the URL answers', async () => {
    for (const ask of ['web=0', 'wsgi=0', 'wsgi=-1']) {
      const refused = await hop3('scale', 'life', ask, '--json');
      expect(refused.code, ask).not.toBe(0);
      expect(refused.stdout + refused.stderr, ask).toContain('hop3 stop');
    }
    const status = (await hop3('status', 'life', '--json')).json<StatusJson>();
    expect(status.status).toBe('running');
    expect(status.running).toBe(true);
    expect(status.workers.map((w) => `${w.kind}:${w.state}`)).toEqual(['wsgi:up']);
    expect((await get('/')).status).toBe(200);
  });

  it('start and restart return only once the app answers through nginx', async () => {
    expect((await hop3('stop', 'life')).code).toBe(0);
    expect((await get('/')).status).not.toBe(200);
    const started = await hop3('start', 'life');
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain('life: running');
    expect((await get('/')).status).toBe(200); // at once: no polling
    const restarted = await hop3('restart', 'life');
    expect(restarted.code, restarted.stderr).toBe(0);
    expect((await get('/')).status).toBe(200);
  });

  it('says degraded, with the log, when a background worker crash-loops', async () => {
    const dir = join(work, 'with-crashy');
    await cp(EXAMPLE, dir, { recursive: true });
    await writeFile(join(dir, 'crash.py'), "import sys\nprint('boom-from-crashy', flush=True)\nsys.exit(2)\n");
    await writeFile(join(dir, 'Procfile'), 'wsgi: app:application\ncrashy: python crash.py\n');
    const deployed = await hop3('deploy', dir, '--app', 'life', '--json');
    expect(deployed.code, deployed.stderr).toBe(0);
    let status: StatusJson | undefined;
    await waitUntil(
      async () => {
        status = (await hop3('status', 'life', '--json')).json<StatusJson>();
        return status.workers.some((w) => w.kind === 'crashy' && w.state === 'restarting');
      },
      { timeoutMs: 20_000, description: 'crashy reported restarting', lastState: () => JSON.stringify(status) },
    );
    expect(status?.status).toBe('degraded');
    expect(status?.workers.find((w) => w.kind === 'crashy')?.logTail?.join('\n')).toContain('boom-from-crashy');
    const text = await hop3('status', 'life');
    expect(text.stdout).toMatch(/^life: degraded/);
    expect(text.stdout).toContain('crashy.1');
    expect(text.stdout).toContain('boom-from-crashy');
    expect((await get('/')).status).toBe(200);
  });
});
