// The documented embedding example (examples/embed-engine) run as it is shipped: a plain `node`
// process on the BUILT packages (Node's default conditions, never the TypeScript sources), with
// a real uWSGI and nginx private to this test (own HOP3_ROOT, loopback ports), stopped at the end.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@hop3/kit';
import { createEngine } from '@hop3/engine';
import { appProcessLines, requirePrograms } from '../../cli/test/support/programs.js';

const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/embed-engine', import.meta.url));
const EXAMPLE = join(EXAMPLE_DIR, 'embed.mjs');
const PLUGINS = ['hop3-plugin-builder-python', 'hop3-plugin-deployer-uwsgi', 'hop3-plugin-proxy-nginx'];

type Line = { step: string; result: any } | { event: { type: string } & Record<string, any> } | { error: { code: string; message: string } };

let base: string;
let env: Record<string, string>;
let run: { code: number; stdout: string; stderr: string };
let lines: Line[];

/** The env of a child `node`: ours minus anything that would change how it resolves modules. */
function childEnv(): Record<string, string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  delete inherited.NODE_OPTIONS;
  return { ...inherited, ...env };
}

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3');
  base = await mkdtemp(join(tmpdir(), 'hop3-embed-'));
  await mkdir(join(base, 'root'), { mode: 0o700 });
  env = {
    HOP3_ROOT: join(base, 'root'),
    HOP3_HTTP_PORT: String(await findFreePort()),
    HOP3_HTTPS_PORT: String(await findFreePort()),
    HOP3_START_TIMEOUT: '30',
    PIP_NO_INDEX: '1',
    PIP_CONFIG_FILE: '/dev/null',
  };
  run = await new Promise((resolve) => {
    execFile(process.execPath, [EXAMPLE], { cwd: base, env: childEnv(), timeout: 110_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
  lines = run.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Line);
});

afterAll(async () => {
  if (env === undefined) return;
  // Whatever the example left behind (it cleans up itself when it succeeds).
  const engine = await createEngine({ env, plugins: { plugins: PLUGINS, discover: false } });
  for (const { name } of await engine.apps()) await engine.destroy({ app: name }).catch(() => undefined);
  await engine.server.stop().catch(() => undefined);
  await rm(base, { recursive: true, force: true });
});

const steps = () => lines.flatMap((line) => ('step' in line ? [line.step] : []));
const resultOf = (step: string, nth = 0) => lines.filter((line): line is Extract<Line, { step: string }> => 'step' in line && line.step === step)[nth]?.result;
/** The event types printed between two steps' result lines (`from` exclusive, `to` exclusive). */
function eventsBetween(from: string, to: string): Array<{ type: string } & Record<string, any>> {
  const start = lines.findIndex((line) => 'step' in line && line.step === from);
  const end = lines.findIndex((line, index) => index > start && 'step' in line && line.step === to);
  return lines.slice(start + 1, end).flatMap((line) => ('event' in line ? [line.event] : []));
}

describe('examples/embed-engine', () => {
  it('runs on the built packages, resolved with Node’s default conditions', () => {
    const resolved = execFileSync(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@hop3/engine'))"], { cwd: EXAMPLE_DIR, env: childEnv(), encoding: 'utf8' });
    expect(resolved.trim()).toMatch(/packages\/engine\/dist\/index\.js$/);
    expect(existsSync(fileURLToPath(resolved.trim()))).toBe(true);
  });

  it('deploys, scales, restarts, stops and destroys the app with exactly its plugin set, and exits 0', () => {
    expect(run.code, `${run.stderr}\n${run.stdout}`).toBe(0);
    expect(steps()).toEqual(['plugins', 'deploy', 'get', 'status', 'scale', 'restart', 'get', 'stop', 'status', 'destroy', 'apps', 'server:stop']);
    expect(resultOf('plugins')).toEqual(PLUGINS);
    expect(resultOf('deploy')).toMatchObject({ app: 'embedded', release: 1, builder: 'python', deployer: 'uwsgi', url: `http://embedded.localhost:${env.HOP3_HTTP_PORT}/` });
    for (const nth of [0, 1]) {
      const answer = resultOf('get', nth);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ app: 'embedded', version: 'embedded-1' });
    }
    expect(resultOf('status', 0)).toMatchObject({ status: 'running', running: true, release: 1, runtime: 'uwsgi' });
    expect(resultOf('scale')).toEqual({ app: 'embedded', processes: { wsgi: 2 } });
    expect(resultOf('restart')).toEqual({ app: 'embedded', action: 'restart', state: 'running' });
    expect(resultOf('status', 1)).toMatchObject({ status: 'stopped', running: false });
    expect(resultOf('destroy')).toMatchObject({ app: 'embedded', destroyed: true });
    expect(resultOf('apps')).toEqual([]);
    const stopped = resultOf('server:stop').services as Array<{ name: string; running: boolean }>;
    expect(stopped.map((service) => service.name).sort()).toEqual(['acme-renewal', 'nginx', 'uwsgi']);
    expect(stopped.every((service) => !service.running)).toBe(true);
    expect(appProcessLines(env.HOP3_ROOT!, 'embedded')).toEqual([]);
  });

  it('receives the deploy’s events in order, with their payloads', () => {
    const url = resultOf('deploy').url as string;
    expect(eventsBetween('plugins', 'deploy')).toEqual([
      { type: 'deploy:start', app: 'embedded', release: 1, sourceDir: expect.stringMatching(/examples\/python-wsgi$/) },
      { type: 'release:stage', app: 'embedded', release: 1, sourceDir: expect.stringMatching(/examples\/python-wsgi$/) },
      { type: 'build:start', app: 'embedded', builder: 'python' },
      { type: 'run:start', app: 'embedded', deployer: 'uwsgi' },
      { type: 'health:wait', app: 'embedded', timeoutSeconds: 30 },
      { type: 'proxy:switch', app: 'embedded' },
      { type: 'commit', app: 'embedded', deployer: 'uwsgi' },
      { type: 'deploy:done', app: 'embedded', release: 1, url },
    ]);
    // A restart waits until the app answers again before it returns.
    expect(eventsBetween('scale', 'restart').map((event) => event.type)).toContain('health:wait');
  });
});
