// End to end: `hop3 addons` against a private PostgreSQL cluster and private redis-servers,
// attached to a real deployed app, and the Node example using the variables directly.
import { execFile } from 'node:child_process';
import { cp, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPrivatePostgres, type PrivatePostgres } from '@hop3/testkit';
import { requirePrograms } from './support/programs.js';
import { runHop3 } from './support/hop3-runner.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const run = promisify(execFile);
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

let cluster: PrivatePostgres;
let private_: PrivateHop3;
let root: string;
let work: string;
let env: Record<string, string>;

const hop3 = (...args: string[]) => runHop3(args, { env, cwd: work });

async function serviceEnv(name: string): Promise<Record<string, string>> {
  const result = await hop3('addons', 'env', name, '--json');
  expect(result.code, result.stderr).toBe(0);
  return result.json<Record<string, string>>();
}

async function query<T>(url: string | undefined, sql: string, values: unknown[] = []): Promise<T[]> {
  if (url === undefined) throw new Error('no DATABASE_URL');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  requirePrograms('redis-server', 'redis-check-rdb', 'nginx', 'uwsgi');
  cluster = await startPrivatePostgres();
  private_ = await createPrivateHop3({ name: 'addons', env: { HOP3_POSTGRES_ADMIN_URL: cluster.adminUrl } });
  ({ root, work, env } = private_);
});

afterAll(async () => {
  await private_?.close();
  await cluster?.destroy();
});

describe('hop3 addons (real PostgreSQL and Redis)', () => {
  it('creates services of each discovered type and lists them', async () => {
    expect((await hop3('addons', 'create', 'postgres', 'shop-db', '--json')).json<{ created: boolean }>().created).toBe(true);
    expect((await hop3('addons', 'create', 'redis', 'shop-cache')).code).toBe(0);
    const again = await hop3('addons', 'create', 'postgres', 'shop-db', '--json'); // idempotent, and says so
    expect(again.code).toBe(0);
    expect(again.json<{ created: boolean }>().created).toBe(false);
    const list = (await hop3('addons', 'list', '--json')).json<{ services: { name: string; type: string }[] }>();
    expect(list.services.map((s) => `${s.type}:${s.name}`)).toEqual(['redis:shop-cache', 'postgres:shop-db']);
    const unknown = await hop3('addons', 'create', 'mysql', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/postgres/);
    expect(unknown.stderr).toMatch(/redis/);
  });

  it('refuses bad service names and writes nothing', async () => {
    for (const name of ["a'b", 'a;b', 'a b', 'UPPER', 'x'.repeat(100)]) {
      const result = await hop3('addons', 'create', 'postgres', name);
      expect(result.code, name).toBe(2);
    }
    const list = (await hop3('addons', 'list', '--json')).json<{ services: unknown[] }>();
    expect(list.services).toHaveLength(2);
  });

  it('records nothing when the server is down, and says how to fix it', async () => {
    const down = await runHop3(['addons', 'create', 'postgres', 'ghost-db'], {
      env: { ...env, HOP3_POSTGRES_ADMIN_URL: 'postgres://postgres:nope@127.0.0.1:1/postgres' },
      cwd: work,
    });
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/HOP3_POSTGRES_ADMIN_URL|start/i);
    const list = (await hop3('addons', 'list', '--json')).json<{ services: { name: string }[] }>();
    expect(list.services.map((s) => s.name)).not.toContain('ghost-db');
  });

  it('prints the connection variables as one JSON object, and info without secrets', async () => {
    const db = await serviceEnv('shop-db');
    expect(Object.keys(db).sort()).toEqual(['DATABASE_URL', 'PGDATABASE', 'PGHOST', 'PGPASSWORD', 'PGPORT', 'PGUSER']);
    const cache = await serviceEnv('shop-cache');
    expect(cache.REDIS_URL).toMatch(/^redis:\/\/default:.+@127\.0\.0\.1:\d+/);
    for (const [name, secret] of [['shop-db', db.PGPASSWORD], ['shop-cache', cache.REDIS_PASSWORD]] as const) {
      const info = await hop3('addons', 'info', name, '--json');
      expect(info.code).toBe(0);
      expect(info.stdout + info.stderr).not.toContain(secret);
    }
  });

  it('backs up and restores a database losing nothing', async () => {
    const { DATABASE_URL: url } = await serviceEnv('shop-db');
    await query(url, 'CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2), tags jsonb)');
    await query(url, "INSERT INTO items VALUES (1, 'caf\u00e9 \"quoted\"', 9.99, '{\"a\":[1,2]}'), (2, NULL, 0, NULL)");
    const backup = await hop3('addons', 'backup', 'shop-db', '--json');
    expect(backup.code, backup.stderr).toBe(0);
    const { path } = backup.json<{ path: string }>();
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    await query(url, 'DELETE FROM items WHERE id = 1');
    await query(url, "UPDATE items SET name = 'changed' WHERE id = 2");
    const restore = await hop3('addons', 'restore', 'shop-db', path, '--json');
    expect(restore.code, restore.stderr).toBe(0);
    const rows = await query<{ id: number; name: string | null; price: string; tags: unknown }>(url, 'SELECT * FROM items ORDER BY id');
    expect(rows).toEqual([
      { id: 1, name: 'caf\u00e9 "quoted"', price: '9.99', tags: { a: [1, 2] } },
      { id: 2, name: null, price: '0.00', tags: null },
    ]);

    const missing = await hop3('addons', 'restore', 'shop-db', join(work, 'nope.dump'));
    expect(missing.code).not.toBe(0);
    expect((await query(url, 'SELECT count(*)::int AS n FROM items'))[0]).toEqual({ n: 2 });
  });

  it('runs the Node example against both services through their variables', async () => {
    const app = join(work, 'node-services');
    await cp(join(EXAMPLES, 'node-services'), app, { recursive: true });
    const vars = { ...(await serviceEnv('shop-db')), ...(await serviceEnv('shop-cache')) };
    // The example resolves pg and redis from the repo's node_modules when run in place.
    const { stdout } = await run(process.execPath, [join(EXAMPLES, 'node-services', 'check.js')], { env: { ...process.env, ...vars } });
    expect(JSON.parse(stdout)).toEqual({ first: { database: 1, cache: 1 }, second: { database: 2, cache: 2 } });
  });

  it('attaches services to an app (second of a type prefixed) and detaches them', async () => {
    const deployed = await hop3('deploy', join(EXAMPLES, 'python-wsgi'), '--app', 'shop');
    expect(deployed.code, deployed.stderr).toBe(0);
    expect((await hop3('addons', 'attach', 'shop-db', '--app', 'shop')).code).toBe(0);
    expect((await hop3('addons', 'attach', 'shop-cache', '--app', 'shop')).code).toBe(0);
    expect((await hop3('addons', 'create', 'redis', 'sessions')).code).toBe(0);
    const second = await hop3('addons', 'attach', 'sessions', '--app', 'shop', '--json');
    expect(second.json<{ prefix: string }>().prefix).toBe('SESSIONS_');

    const shown = (await hop3('config', 'show', 'shop', '--reveal', '--json')).json<{ env: Record<string, string> }>().env;
    expect(shown.DATABASE_URL).toBe((await serviceEnv('shop-db')).DATABASE_URL);
    expect(shown.REDIS_URL).toBe((await serviceEnv('shop-cache')).REDIS_URL);
    expect(shown.SESSIONS_REDIS_URL).toBe((await serviceEnv('sessions')).REDIS_URL);
    const masked = (await hop3('config', 'show', 'shop', '--json')).json<{ env: Record<string, string> }>().env;
    expect(masked.DATABASE_URL).toBe('****');

    const inUse = await hop3('addons', 'destroy', 'sessions', '--yes');
    expect(inUse.code).not.toBe(0);
    expect(inUse.stderr).toContain('attached to shop');
    expect(inUse.stderr).toContain('hop3 addons detach sessions --app shop');
    // Without --yes, what destroy would refuse comes first: attached, or no such service.
    expect((await hop3('addons', 'destroy', 'sessions')).stderr).toContain('attached to shop');
    expect((await hop3('addons', 'destroy', 'nosuch')).stderr).toContain('No service named "nosuch"');
    expect((await hop3('addons', 'detach', 'sessions', '--app', 'shop')).code).toBe(0);
    const after = (await hop3('config', 'show', 'shop', '--reveal', '--json')).json<{ env: Record<string, string> }>().env;
    expect(after.SESSIONS_REDIS_URL).toBeUndefined();
    // Detaching again is refused (exit 2): nothing to roll out.
    const again = await hop3('addons', 'detach', 'sessions', '--app', 'shop', '--json');
    expect(again.code).toBe(2);
    expect(again.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'HOP3_SERVICE_NOT_ATTACHED', message: expect.stringContaining('shop-db, shop-cache') });
    expect((await hop3('addons', 'destroy', 'sessions', '--yes')).code).toBe(0);
  });

  it('creates and attaches the [[addons]] of hop3.toml on deploy', async () => {
    const app = join(work, 'with-addons');
    await cp(join(EXAMPLES, 'python-wsgi'), app, { recursive: true });
    const { appendFile } = await import('node:fs/promises');
    await appendFile(join(app, 'hop3.toml'), '\n[[addons]]\ntype = "redis"\nname = "auto-cache"\n');
    const deployed = await hop3('deploy', app, '--app', 'shop');
    expect(deployed.code, deployed.stderr).toBe(0);
    const list = (await hop3('addons', 'list', '--json')).json<{ services: { name: string }[] }>();
    expect(list.services.map((s) => s.name)).toContain('auto-cache');
    const shown = (await hop3('config', 'show', 'shop', '--reveal', '--json')).json<{ env: Record<string, string> }>().env;
    expect(shown.AUTO_CACHE_REDIS_URL).toBe((await serviceEnv('auto-cache')).REDIS_URL);
  });
});
