// End to end: after a deploy with a secret and with postgres and redis addons, no file under
// HOP3_ROOT that others (group or world) may read holds one of the secrets, and HOP3_ROOT is 0700.
import { appendFile, cp, lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '@hop3/testkit';
import { requirePrograms } from './support/programs.js';
import { runHop3 } from './support/hop3-runner.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-wsgi', import.meta.url));
const SECRET_KEY = `sk-${Math.random().toString(36).slice(2)}-do-not-leak`;

let cluster: PrivatePostgres;
let private_: PrivateHop3;
let base: string;
let root: string;
let env: Record<string, string>;

const hop3 = (...args: string[]) => runHop3(args, { env, cwd: base });

/** Every regular file under `dir` (symbolic links are not followed). */
async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

beforeAll(async () => {
  requirePrograms('redis-server', 'nginx', 'uwsgi', 'python3');
  cluster = await startPrivatePostgres();
  private_ = await createPrivateHop3({ name: 'secrets', rootCreatedByHop3: true, env: { HOP3_POSTGRES_ADMIN_URL: cluster.adminUrl } });
  ({ root, work: base, env } = private_);
});

afterAll(async () => {
  await private_?.close();
  await cluster?.destroy();
});

it('keeps the app env and the addon credentials in files only their owner reads, under a 0700 HOP3_ROOT', async () => {
  const app = join(base, 'vault-src');
  await cp(EXAMPLE, app, { recursive: true });
  await appendFile(join(app, 'hop3.toml'), '\n[[addons]]\ntype = "redis"\n\n[[addons]]\ntype = "postgres"\n');
  const deployed = await hop3('deploy', app, '--app', 'vault', '--env', `SECRET_KEY=${SECRET_KEY}`);
  expect(deployed.code, deployed.stderr).toBe(0);

  const shown = (await hop3('config', 'show', 'vault', '--reveal', '--json')).json<{ env: Record<string, string> }>().env;
  const urls = Object.entries(shown).filter(([key]) => key.endsWith('_URL'));
  const password = (pattern: RegExp) => {
    const url = urls.find(([, value]) => pattern.test(value))?.[1];
    expect(url, `a ${pattern} URL in ${urls.map(([key]) => key).join(', ')}`).toBeDefined();
    return decodeURIComponent(new URL(url!).password);
  };
  const secrets = { SECRET_KEY, redis: password(/^redis:/), postgres: password(/^postgres(ql)?:/) };
  for (const value of Object.values(secrets)) expect(value.length).toBeGreaterThanOrEqual(8);

  expect((await lstat(root)).mode & 0o777).toBe(0o700);
  const exposed: string[] = [];
  let holders = 0;
  for (const file of await filesUnder(root)) {
    const text = await readFile(file, 'latin1');
    const held = Object.entries(secrets).filter(([, value]) => text.includes(value)).map(([name]) => name);
    if (held.length === 0) continue;
    holders += 1;
    const mode = (await lstat(file)).mode & 0o777;
    if ((mode & 0o077) !== 0) exposed.push(`${file.slice(root.length)} (0${mode.toString(8)}): ${held.join(', ')}`);
  }
  expect(holders, 'files that hold a secret were found (app.json, vassals, addon state)').toBeGreaterThanOrEqual(3);
  expect(exposed).toEqual([]);
}, 180_000);
