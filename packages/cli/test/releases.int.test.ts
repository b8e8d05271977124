// End to end: numbered releases, rollback without a rebuild under a steady request loop, a Python
// release that keeps its own dependencies, and retention — the built `hop3` on a private
// uWSGI emperor and nginx.
import { existsSync } from 'node:fs';
import { cp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hop3Outcome } from './support/hop3-runner.js';
import { requirePrograms } from './support/programs.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const WHEEL_EXAMPLE = fileURLToPath(new URL('../../../examples/python-wheel', import.meta.url));
const HOST = 'wheel.localhost';

interface Releases {
  live: number;
  releases: { number: number; action: string; rollbackOf?: number; outcome: string; live: boolean; canRollBack: boolean; configVersion: number; artifact: { location: string } | null; source: { kind: string } }[];
}

let hop3: PrivateHop3;

/** v1: the wheel example (hop3-greeting from its wheel). v2: no dependencies at all. */
async function version(name: 'v1' | 'v2' | 'broken'): Promise<string> {
  const dir = join(hop3.work, name);
  if (existsSync(dir)) return dir;
  await cp(WHEEL_EXAMPLE, dir, { recursive: true });
  if (name === 'v2') {
    await writeFile(join(dir, 'requirements.txt'), '# standard library only\n');
    await writeFile(join(dir, 'app.py'), 'def application(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [b"v2 without dependencies\\n"]\n');
  }
  if (name === 'broken') await writeFile(join(dir, 'app.py'), 'raise ImportError("this release is broken")\n');
  return dir;
}

async function releases(): Promise<Releases> {
  const result = await hop3.run(['releases', 'wheel', '--json']);
  expect(result.code, result.stderr).toBe(0);
  return result.json<Releases>();
}

/** Run `hop3 args` while GETting the app in a loop; every request must answer 200. */
async function underLoad(args: string[]): Promise<Hop3Outcome & { requests: number; failures: string[] }> {
  let stop = false;
  const failures: string[] = [];
  let requests = 0;
  const loop = (async () => {
    while (!stop) {
      requests += 1;
      try {
        const answer = await hop3.get(HOST);
        if (answer.status !== 200) failures.push(`status ${answer.status}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const result = await hop3.run(args);
  await new Promise((r) => setTimeout(r, 1000)); // keep hitting the version now live
  stop = true;
  await loop;
  return { ...result, requests, failures };
}

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3', 'openssl');
  hop3 = await createPrivateHop3({ name: 'releases', startTimeout: 15 });
});

afterAll(() => hop3?.close());

describe('releases and rollback (real nginx and uWSGI)', () => {
  it('records every deploy as a numbered release, failed ones too', async () => {
    expect((await hop3.run(['deploy', await version('v1'), '--app', 'wheel'])).code).toBe(0);
    expect((await hop3.get(HOST)).body).toContain('hop3-greeting 1.0.0');
    const second = await hop3.run(['deploy', await version('v2'), '--app', 'wheel']);
    expect(second.code, second.stderr).toBe(0);
    expect((await hop3.get(HOST)).body).toBe('v2 without dependencies\n');
    expect((await hop3.run(['deploy', await version('broken'), '--app', 'wheel'])).code).toBe(1);
    expect((await hop3.get(HOST)).body).toBe('v2 without dependencies\n');

    const listed = await releases();
    expect(listed.live).toBe(2);
    expect(listed.releases.map((r) => [r.number, r.outcome, r.live, r.canRollBack])).toEqual([
      [3, 'failed', false, false],
      [2, 'succeeded', true, false],
      [1, 'succeeded', false, true],
    ]);
    // One venv per dependency set: v1's (with hop3-greeting) is still there, untouched by v2's build.
    const [v2, v1] = [listed.releases[1]!.artifact!.location, listed.releases[2]!.artifact!.location];
    expect(v1).not.toBe(v2);
    expect(existsSync(join(v1, '.hop3-build.json'))).toBe(true);
    const table = await hop3.run(['releases', 'wheel']);
    expect(table.stdout).toMatch(/\*2 .* deploy .* live/);
    expect(table.stdout).toMatch(/ 1 .* can roll back/);
  });

  it('rolls back to the previous release under a steady request loop: zero failed requests, its own dependencies, no build', async () => {
    const result = await underLoad(['rollback', 'wheel', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json<{ release: number; rolledBackTo: number }>()).toMatchObject({ release: 4, rolledBackTo: 1 });
    expect(result.requests).toBeGreaterThan(10);
    expect(result.failures).toEqual([]);
    // v1 imports hop3_greeting, which only its own venv has.
    expect((await hop3.get(HOST)).body).toContain('Hello, Hop3, from hop3-greeting 1.0.0!');
    expect(result.stderr).not.toContain('Building');
    const status = (await hop3.run(['status', 'wheel', '--json'])).json<{ release: number; status: string }>();
    expect(status).toMatchObject({ release: 4, status: 'running' });
    const listed = await releases();
    expect(listed.releases[0]).toMatchObject({ number: 4, action: 'rollback', rollbackOf: 1, outcome: 'succeeded', live: true });
  });

  it('refuses to roll back to a failed, live or unknown release, saying why', async () => {
    for (const [n, why] of [['3', 'failed'], ['4', 'live release'], ['99', 'no such release']] as const) {
      const refused = await hop3.run(['rollback', 'wheel', n, '--json']);
      expect(refused.code, n).toBe(2);
      expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'HOP3_RELEASE_NOT_FOUND', message: expect.stringContaining(why) });
    }
    expect((await hop3.run(['rollback', 'wheel', 'two'])).code).toBe(2);
  });

  it('keeps the config set since, unless --with-config', async () => {
    expect((await hop3.run(['config', 'set', 'wheel', 'GREETING_NAME=World'])).code).toBe(0);
    expect((await hop3.get(HOST)).body).toContain('Hello, World');
    expect((await hop3.run(['rollback', 'wheel', '2'])).code).toBe(0);
    expect((await hop3.get(HOST)).body).toBe('v2 without dependencies\n');
    expect((await hop3.run(['rollback', 'wheel', '1'])).code).toBe(0);
    expect((await hop3.get(HOST)).body).toContain('Hello, World');
    const withConfig = await hop3.run(['rollback', 'wheel', '1', '--with-config']);
    expect(withConfig.code, withConfig.stderr).toBe(0);
    expect((await hop3.get(HOST)).body).toContain('Hello, Hop3');
  });

  it('retention removes the release dirs and venvs no kept release uses, and keeps those one does', async () => {
    const root = join(hop3.root, 'apps', 'wheel');
    // Keep 2: the new v2 deploy (sharing release 2's venv) and the live rollback to 1 (release 1's dir and venv).
    expect((await hop3.run(['deploy', await version('v2'), '--app', 'wheel'], { HOP3_KEEP_RELEASES: '2' })).code).toBe(0);
    const listed = await releases();
    expect(listed.releases.filter((r) => r.outcome === 'succeeded').map((r) => r.number)).toEqual([8, 7]);
    expect(await readdir(join(root, 'releases'))).toEqual(['1', '8']);
    const venvs = await readdir(join(root, 'venvs'));
    expect(venvs).toHaveLength(2);
    // Keep 1: only the live release and what it uses are left.
    expect((await hop3.run(['deploy', await version('v2'), '--app', 'wheel'], { HOP3_KEEP_RELEASES: '1' })).code).toBe(0);
    expect(await readdir(join(root, 'releases'))).toEqual(['9']);
    const left = await readdir(join(root, 'venvs'));
    expect(left).toHaveLength(1);
    expect((await releases()).releases.map((r) => r.number)).toEqual([9]);
    expect((await hop3.get(HOST)).body).toBe('v2 without dependencies\n');
    const refused = await hop3.run(['rollback', 'wheel']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no earlier release');
  });
});
