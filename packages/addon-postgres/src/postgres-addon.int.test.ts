import { mkdtemp, readFile, rm, stat, truncate, unlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayout, type StrategyRuntime } from '@hop3/core';
import plugin, { PostgresAddon } from './index.js';
import { runCommand } from '@hop3/kit';
import { loadPgClient } from './pg-client.js';
import { startPrivatePostgres, type PrivatePostgres } from '@hop3/testkit';

// Real PostgreSQL 15, started privately (own data dir, socket dir and port) by the helper.
let cluster: PrivatePostgres;
let root: string;
const logLines: string[] = [];

function runtime(env: Record<string, string | undefined> = {}): StrategyRuntime {
  return {
    layout: createLayout(root),
    env: { HOP3_POSTGRES_ADMIN_URL: cluster.adminUrl, ...env },
    log: {
      info: (m) => logLines.push(`info ${m}`),
      warn: (m) => logLines.push(`warn ${m}`),
      debug: (m) => logLines.push(`debug ${m}`),
    },
  };
}

function addon(name: string, env?: Record<string, string | undefined>): PostgresAddon {
  return new PostgresAddon(name, runtime(env));
}

async function sql<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const Client = await loadPgClient();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function adminSql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  return sql<T>(cluster.adminUrl, text, values);
}

async function databaseNames(): Promise<string[]> {
  return (await adminSql<{ datname: string }>('SELECT datname FROM pg_database ORDER BY datname')).map((r) => r.datname);
}

async function roleNames(): Promise<string[]> {
  return (await adminSql<{ rolname: string }>('SELECT rolname FROM pg_roles ORDER BY rolname')).map((r) => r.rolname);
}

const SCHEMA = `
  CREATE TABLE items (
    id serial PRIMARY KEY, n int, big bigint, label text, price numeric(14,4), ok bool,
    at timestamptz, doc jsonb, blob bytea
  );
  CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, item_id int REFERENCES items(id), body text);
  CREATE SEQUENCE counter START 100;
  CREATE INDEX items_label ON items (label);
  CREATE VIEW cheap AS SELECT id, label FROM items WHERE price < 10;
`;

async function fillData(url: string): Promise<void> {
  await sql(url, SCHEMA);
  const rows: unknown[][] = [
    [1, 9007199254740993n.toString(), `O'Reilly "quoted" \\ backslash; DROP TABLE items; --`, '12345.6789', true, '2026-11-24T20:15:00.123456Z', { a: [1, 'ž', null], b: { c: true } }, Buffer.from([0, 1, 2, 255, 39, 34])],
    [-2147483648, '-1', 'žluťoučký kůň 🐘 日本語', '0.0001', false, '1970-01-01T00:00:00Z', [], Buffer.alloc(0)],
    [null, null, null, null, null, null, null, null],
    [42, '0', '', '-99.5000', true, '2000-02-29T12:00:00+05:30', { 'key with "quotes"': "it's" }, Buffer.from('bytes\n\t')],
  ];
  for (const row of rows) {
    await sql(url, 'INSERT INTO items (n, big, label, price, ok, at, doc, blob) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      row[0], row[1], row[2], row[3], row[4], row[5], row[6] === null ? null : JSON.stringify(row[6]), row[7],
    ]);
  }
  await sql(url, `INSERT INTO notes (item_id, body) VALUES (1, 'first'), (2, NULL), (1, E'multi\\nline')`);
  await sql(url, `SELECT nextval('counter'), nextval('counter'), nextval('counter')`);
}

/** Every row and sequence position as exact text. */
async function snapshot(url: string): Promise<Record<string, unknown>> {
  const text = async (query: string) => (await sql<{ r: string }>(url, query)).map((row) => row.r);
  return {
    items: await text('SELECT row_to_json(i)::text AS r FROM items i ORDER BY id'),
    notes: await text('SELECT row_to_json(n)::text AS r FROM notes n ORDER BY id'),
    view: await text('SELECT row_to_json(v)::text AS r FROM cheap v ORDER BY id'),
    sequences: await text(`SELECT format('%s %s %s', sequencename, last_value, start_value) AS r FROM pg_sequences ORDER BY sequencename`),
    tables: await text(`SELECT tablename AS r FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`),
  };
}

beforeAll(async () => {
  cluster = await startPrivatePostgres();
  root = await mkdtemp(join(tmpdir(), 'hop3-pg-root-'));
});

afterAll(async () => {
  await cluster?.destroy();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('plugin', () => {
  it('declares the postgres addon and builds it', async () => {
    const addons = await plugin.hooks.getAddons();
    expect(addons.map((a) => ('name' in a ? a.name : ''))).toEqual(['postgres']);
    const entry = addons[0] as { create(n: string, r: StrategyRuntime): PostgresAddon };
    const instance = entry.create('plugin-check', runtime());
    expect([instance.name, instance.addonName]).toEqual(['postgres', 'plugin-check']);
  });
});

describe('create / backup / restore round trip', () => {
  let service: PostgresAddon;
  let url: string;
  let original: Record<string, unknown>;
  let dumpPath: string;

  it('creates the role and database, twice in a row', async () => {
    service = addon('shop-db');
    await service.create();
    await service.create();
    const details = await service.getConnectionDetails();
    expect(Object.keys(details).sort()).toEqual(['DATABASE_URL', 'PGDATABASE', 'PGHOST', 'PGPASSWORD', 'PGPORT', 'PGUSER']);
    expect(details).toMatchObject({ PGHOST: '127.0.0.1', PGPORT: String(cluster.port), PGDATABASE: 'hop3_shop_db', PGUSER: 'hop3_shop_db' });
    expect(details.PGPASSWORD).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    url = details.DATABASE_URL!;
    expect(url).toBe(`postgres://hop3_shop_db:${details.PGPASSWORD}@127.0.0.1:${cluster.port}/hop3_shop_db`);
    const [role] = await adminSql<Record<string, boolean>>(
      'SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = $1',
      ['hop3_shop_db'],
    );
    expect(role).toEqual({ rolcanlogin: true, rolsuper: false, rolcreatedb: false, rolcreaterole: false });
    const [owner] = await adminSql<{ owner: string }>(`SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = 'hop3_shop_db'`);
    expect(owner?.owner).toBe('hop3_shop_db');
  });

  it('stores the secret in a 0600 file', async () => {
    const info = await stat(service.secretPath);
    expect(info.mode & 0o777).toBe(0o600);
    const secret = JSON.parse(await readFile(service.secretPath, 'utf8')) as Record<string, string>;
    expect(secret.password).toBe((await service.getConnectionDetails()).PGPASSWORD);
  });

  it('takes data through DATABASE_URL and reports it in info()', async () => {
    await fillData(url);
    original = await snapshot(url);
    expect(original.items).toHaveLength(4);
    const info = await service.info();
    expect(info).toMatchObject({ status: 'ready', database: 'hop3_shop_db', tableCount: 2, serverVersion: expect.stringMatching(/^\d+/) });
    expect(typeof info.sizeBytes).toBe('number');
    expect(info.sizeBytes as number).toBeGreaterThan(1_000_000);
  });

  it('backs up to <backups>/postgres/<name>/<UTC stamp>.dump', async () => {
    dumpPath = await service.backup();
    expect(dumpPath.startsWith(join(root, 'backups', 'postgres', 'shop-db'))).toBe(true);
    expect(dumpPath).toMatch(/\/\d{8}T\d{6}Z(-\d+)?\.dump$/);
    expect((await readFile(dumpPath)).subarray(0, 5).toString()).toBe('PGDMP');
    expect((await stat(dumpPath)).mode & 0o777).toBe(0o600);
    const second = await service.backup();
    expect(second).not.toBe(dumpPath);
  });

  it('restores exactly what was backed up, replacing later changes (twice in a row)', async () => {
    await sql(url, `UPDATE items SET label = 'changed', price = 0 WHERE id = 1`);
    await sql(url, 'DELETE FROM notes');
    await sql(url, `CREATE OR REPLACE VIEW cheap AS SELECT id, 'view changed'::text AS label FROM items`);
    await sql(url, 'CREATE TABLE extra (x int)');
    await sql(url, `SELECT setval('counter', 9999)`);
    expect(await snapshot(url)).not.toEqual(original);
    const aclQuery = `SELECT datacl::text AS acl FROM pg_database WHERE datname = 'hop3_shop_db'`;
    const aclBefore = await adminSql<{ acl: string }>(aclQuery);

    await service.restore(dumpPath);
    expect(await snapshot(url)).toEqual(original);
    await service.restore(dumpPath);
    expect(await snapshot(url)).toEqual(original);
    const [owner] = await sql<{ owner: string }>(url, `SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'items'`);
    expect(owner?.owner).toBe('hop3_shop_db');
    // The swapped-in database is locked down like the original and nothing is left behind.
    const names = await databaseNames();
    expect(names.filter((n) => n.startsWith('hop3-'))).toEqual([]);
    const acl = await adminSql<{ acl: string }>(aclQuery);
    expect(acl).toEqual(aclBefore);
    expect(acl[0]?.acl).toMatch(/^\{hop3_shop_db=CTc\/hop3_shop_db\}$/);
  });

  it('keeps open app sessions working across a restore', async () => {
    const Client = await loadPgClient();
    const app = new Client({ connectionString: url });
    await app.connect();
    try {
      await app.query(`DELETE FROM notes`);
      await service.restore(dumpPath);
      expect((await app.query('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 3 }]);
    } finally {
      await app.end();
    }
  });

  it('rolls everything back when an archive fails half-way through (nothing dropped)', async () => {
    // A table the service role does not own survives DROP OWNED and makes the dump's CREATE fail.
    await sql(url, 'DROP TABLE notes');
    const adminIntoService = cluster.adminUrl.replace(/\/postgres$/, '/hop3_shop_db');
    await sql(adminIntoService, 'CREATE TABLE notes (blocker int)');
    const before = await sql<{ r: string }>(url, 'SELECT row_to_json(i)::text AS r FROM items i ORDER BY id');
    await expect(service.restore(dumpPath)).rejects.toMatchObject({ code: 'HOP3_POSTGRES_RESTORE_FAILED', message: expect.stringMatching(/notes/) });
    expect(await sql<{ r: string }>(url, 'SELECT row_to_json(i)::text AS r FROM items i ORDER BY id')).toEqual(before);
    await sql(adminIntoService, 'DROP TABLE notes');
    await service.restore(dumpPath);
    expect(await snapshot(url)).toEqual(original);
  });

  it('round-trips large objects (their dump sections carry their own transaction)', async () => {
    const [{ oid }] = (await sql<{ oid: number }>(url, `SELECT lo_from_bytea(0, '\\x00ff68656c6c6f'::bytea) AS oid`)) as [{ oid: number }];
    const withLargeObject = await service.backup();
    await sql(url, 'SELECT lo_unlink($1)', [oid]);
    await service.restore(withLargeObject);
    expect(await sql(url, `SELECT encode(lo_get($1), 'hex') AS hex`, [oid])).toEqual([{ hex: '00ff68656c6c6f' }]);
    await sql(url, 'SELECT lo_unlink($1)', [oid]);
    expect(await snapshot(url)).toEqual(original);
  });

  it('restores a plain .sql file', async () => {
    const file = join(root, 'plain.sql');
    await writeFile(
      file,
      [
        'CREATE TABLE plain (id int PRIMARY KEY, label text, doc jsonb);',
        `INSERT INTO plain VALUES (1, 'It''s "plain" ž 🐘', '{"k": [1, 2]}'), (2, NULL, NULL);`,
        `COPY plain (id, label, doc) FROM stdin;`,
        `3\ttab\\tinside\t{"x": null}`,
        '\\.',
        '',
      ].join('\n'),
    );
    await service.restore(file);
    expect(await sql<{ r: string }>(url, 'SELECT row_to_json(p)::text AS r FROM plain p ORDER BY id')).toEqual([
      { r: `{"id":1,"label":"It's \\"plain\\" ž 🐘","doc":{"k": [1, 2]}}` },
      { r: '{"id":2,"label":null,"doc":null}' },
      { r: '{"id":3,"label":"tab\\tinside","doc":{"x": null}}' },
    ]);
    // Replaced, not merged: the tables of the earlier dump are gone.
    expect((await snapshot(url).catch((e: Error) => e.message)) as unknown).toMatch(/relation "items" does not exist/);
    await service.restore(dumpPath);
    expect(await snapshot(url)).toEqual(original);
  });

  it('restores a plain dump from pg_dump, whose own \\restrict pair is dropped', async () => {
    const env = await service.getConnectionDetails();
    const file = join(root, 'pg_dump-plain.sql');
    await runCommand('pg_dump', ['--no-owner', '--no-privileges', `--file=${file}`], { env: { ...env } });
    await sql(url, 'CREATE TABLE added_later (x int)');
    await service.restore(file);
    expect(await snapshot(url)).toEqual(original);
    expect((await sql<{ n: string }>(url, `SELECT count(*)::text AS n FROM pg_tables WHERE tablename = 'added_later'`))[0]?.n).toBe('0');
  });

  it('never runs the psql meta-commands of a plain SQL file (a shell, client files); the data is unchanged', async () => {
    const marker = join(root, 'meta-command-ran');
    const attempts = [
      `CREATE TABLE evil (x int);\n\\! touch ${marker}\n`,
      `SELECT 1; \\! touch ${marker}\n`,
      `\\o ${marker}\nSELECT 1;\n`,
      `CREATE TABLE evil (x int);\n\\copy evil to '${marker}'\n`,
      `\\restrict abc\n\\unrestrict abc\n\\! touch ${marker}\n`,
    ];
    for (const [index, text] of attempts.entries()) {
      const file = join(root, `meta-${index}.sql`);
      await writeFile(file, text);
      await expect(service.restore(file)).rejects.toMatchObject({ code: 'HOP3_POSTGRES_RESTORE_FAILED', message: expect.stringMatching(/restricted/) });
      await expect(stat(marker)).rejects.toMatchObject({ code: 'ENOENT' });
    }
    expect(await snapshot(url)).toEqual(original);
    expect((await databaseNames()).filter((n) => n.startsWith('hop3-'))).toEqual([]);
  });

  it('refuses a missing, empty or corrupt file and leaves the data untouched', async () => {
    const bad = {
      missing: join(root, 'missing.dump'),
      empty: join(root, 'empty.dump'),
      garbage: join(root, 'garbage.dump'),
      truncated: join(root, 'truncated.dump'),
      badSql: join(root, 'bad.sql'),
    };
    await writeFile(bad.empty, '');
    await writeFile(bad.garbage, Buffer.concat([Buffer.from('PGDMP'), Buffer.from([0, 255, 17, 3, 0, 0, 9])]));
    await copyFile(dumpPath, bad.truncated);
    await truncate(bad.truncated, Math.floor((await stat(dumpPath)).size * 0.8));
    await writeFile(bad.badSql, 'DROP TABLE notes;\nCREATE TABLE half (x int);\nTHIS IS NOT SQL;\n');

    await expect(service.restore(bad.missing)).rejects.toMatchObject({ code: 'HOP3_POSTGRES_BACKUP_NOT_FOUND' });
    await expect(service.restore(bad.empty)).rejects.toMatchObject({ code: 'HOP3_POSTGRES_BACKUP_INVALID', message: expect.stringMatching(/empty/) });
    await expect(service.restore(bad.garbage)).rejects.toMatchObject({ code: 'HOP3_POSTGRES_BACKUP_INVALID' });
    await expect(service.restore(bad.truncated)).rejects.toMatchObject({ code: expect.stringMatching(/HOP3_POSTGRES_(BACKUP_INVALID|RESTORE_FAILED)/) });
    await expect(service.restore(bad.badSql)).rejects.toMatchObject({ code: 'HOP3_POSTGRES_RESTORE_FAILED', message: expect.stringMatching(/data is unchanged/) });

    expect(await snapshot(url)).toEqual(original);
    expect((await databaseNames()).filter((n) => n.startsWith('hop3-'))).toEqual([]);
  });

  it('never shows the password in logs, info() or errors', async () => {
    const password = (await service.getConnectionDetails()).PGPASSWORD!;
    const errors: string[] = [];
    for (const attempt of [() => service.restore(join(root, 'bad.sql')), () => service.restore(join(root, 'garbage.dump'))]) {
      try {
        await attempt();
      } catch (error) {
        errors.push(String((error as Error).message), JSON.stringify(error), String((error as { cause?: Error }).cause?.message));
      }
    }
    expect(errors.length).toBe(6);
    expect(logLines.length).toBeGreaterThan(0);
    for (const text of [...logLines, ...errors, JSON.stringify(await service.info())]) expect(text).not.toContain(password);
  });

  it('destroys everything, twice in a row', async () => {
    await service.destroy();
    await service.destroy();
    expect(await databaseNames()).not.toContain('hop3_shop_db');
    expect(await roleNames()).not.toContain('hop3_shop_db');
    await expect(stat(service.secretPath)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await service.info()).toMatchObject({ status: 'not_created', hasSecret: false });
    await expect(service.getConnectionDetails()).rejects.toMatchObject({ code: 'HOP3_POSTGRES_NOT_CREATED' });
    await expect(service.backup()).rejects.toMatchObject({ code: 'HOP3_POSTGRES_NOT_CREATED' });
  });
});

describe('an archive that breaks half-way through its data', () => {
  it('is rolled back entirely: the earlier DROP OWNED and CREATEs never commit', async () => {
    const service = addon('corrupt-check');
    await service.create();
    const url = (await service.getConnectionDetails()).DATABASE_URL!;
    await sql(url, `CREATE TABLE small (v text); INSERT INTO small VALUES ('kept')`);
    await sql(url, `CREATE TABLE filler AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS pad FROM generate_series(1, 30000) g`);
    const dump = await service.backup();
    const bytes = await readFile(dump);
    bytes.fill(0x5a, Math.floor(bytes.length * 0.9), Math.floor(bytes.length * 0.9) + 256);
    const corrupt = join(root, 'corrupt-data.dump');
    await writeFile(corrupt, bytes);
    // The table of contents still reads, so this exercises the piped restore, not the pre-check.
    await runCommand(join(cluster.binDir, 'pg_restore'), ['--list', corrupt]);

    await sql(url, `UPDATE small SET v = 'after backup'`);
    const error = await service.restore(corrupt).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HOP3_POSTGRES_RESTORE_FAILED', message: expect.stringMatching(/data is unchanged/) });
    expect(await sql(url, 'SELECT v FROM small')).toEqual([{ v: 'after backup' }]);
    expect(await sql(url, 'SELECT count(*)::int AS n FROM filler')).toEqual([{ n: 30000 }]);
    await service.restore(dump);
    expect(await sql(url, 'SELECT v FROM small')).toEqual([{ v: 'kept' }]);
    await service.destroy();
  });
});

describe('isolation', () => {
  it("keeps one service's credentials out of another's database", async () => {
    const a = addon('iso-a');
    const b = addon('iso-b');
    await a.create();
    await b.create();
    const aUrl = (await a.getConnectionDetails()).DATABASE_URL!;
    const bUrl = (await b.getConnectionDetails()).DATABASE_URL!;
    await sql(bUrl, `CREATE TABLE secret_b (v text); INSERT INTO secret_b VALUES ('b only')`);
    const aIntoB = aUrl.replace(/\/hop3_iso_a$/, '/hop3_iso_b');
    await expect(sql(aIntoB, 'SELECT * FROM secret_b')).rejects.toMatchObject({ code: '42501' });
    // A's password is not B's.
    const bWithAPassword = bUrl.replace(/:[^:@]+@/, `:${(await a.getConnectionDetails()).PGPASSWORD}@`);
    await expect(sql(bWithAPassword, 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
    expect(await sql(bUrl, 'SELECT v FROM secret_b')).toEqual([{ v: 'b only' }]);
    await a.destroy();
    await b.destroy();
  });
});

describe('concurrent calls', () => {
  it('serialises creates of one service so the saved password is the one Postgres has', async () => {
    const service = addon('racing');
    await Promise.all([service.create(), addon('racing').create(), addon('racing').create()]);
    const details = await service.getConnectionDetails();
    expect(await sql(details.DATABASE_URL!, 'SELECT current_user AS u')).toEqual([{ u: 'hop3_racing' }]);
    await Promise.all([service.destroy(), addon('racing').destroy()]);
    expect(await databaseNames()).not.toContain('hop3_racing');
  });
});

describe('lost secret file', () => {
  it('resets the password on create and keeps the data', async () => {
    const service = addon('lost-secret');
    await service.create();
    const before = await service.getConnectionDetails();
    await sql(before.DATABASE_URL!, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')`);
    await unlink(service.secretPath);
    expect(await service.info()).toMatchObject({ status: 'secret_missing' });
    await expect(service.getConnectionDetails()).rejects.toMatchObject({ code: 'HOP3_POSTGRES_NOT_CREATED' });

    await service.create();
    const after = await service.getConnectionDetails();
    expect(after.PGPASSWORD).not.toBe(before.PGPASSWORD);
    expect((await stat(service.secretPath)).mode & 0o777).toBe(0o600);
    expect(await sql(after.DATABASE_URL!, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    await expect(sql(before.DATABASE_URL!, 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
    expect(logLines.some((line) => line.startsWith('warn') && line.includes('lost-secret'))).toBe(true);
    await service.destroy();
  });
});

describe('bad input', () => {
  it.each([`bad'name`, 'bad;drop', 'has space', 'UpperCase', 'x'.repeat(100), `a"b`, '../etc'])('refuses %j and creates nothing', async (name) => {
    const databases = await databaseNames();
    const roles = await roleNames();
    expect(() => addon(name)).toThrow(expect.objectContaining({ code: 'HOP3_INVALID_INPUT' }));
    expect(await databaseNames()).toEqual(databases);
    expect(await roleNames()).toEqual(roles);
    await expect(stat(join(root, 'addons', 'postgres', `${name}.json`))).rejects.toMatchObject({ code: expect.stringMatching(/ENOENT|ENAMETOOLONG/) });
  });

  it('refuses to adopt a database Hop3 did not create', async () => {
    await adminSql('CREATE DATABASE hop3_foreign');
    await expect(addon('foreign').create()).rejects.toMatchObject({ code: 'HOP3_POSTGRES_NOT_MANAGED' });
    await expect(addon('foreign').destroy()).rejects.toMatchObject({ code: 'HOP3_POSTGRES_NOT_MANAGED' });
    expect(await databaseNames()).toContain('hop3_foreign');
    await expect(stat(join(root, 'addons', 'postgres', 'foreign.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    await adminSql('DROP DATABASE hop3_foreign');
  });
});

describe('socket connections', () => {
  it('works with an admin URL over a unix socket and gives apps a socket URL when asked', async () => {
    const service = addon('via-socket', { HOP3_POSTGRES_ADMIN_URL: cluster.socketAdminUrl, HOP3_POSTGRES_HOST: cluster.socketDir });
    await service.create();
    const details = await service.getConnectionDetails();
    expect(details.PGHOST).toBe(cluster.socketDir);
    expect(details.DATABASE_URL).toContain(`@${encodeURIComponent(cluster.socketDir)}:${cluster.port}/hop3_via_socket`);
    expect(await sql(details.DATABASE_URL!, 'SELECT current_user AS u')).toEqual([{ u: 'hop3_via_socket' }]);
    const dump = await service.backup();
    await service.restore(dump);
    await service.destroy();
  });
});

describe('server down', () => {
  it('fails with HOP3_POSTGRES_UNAVAILABLE and says how to start it', async () => {
    const deadPort = cluster.port === 1 ? 2 : 1;
    const service = addon('down', { HOP3_POSTGRES_ADMIN_URL: `postgres://postgres:hunter2-admin@127.0.0.1:${deadPort}/postgres` });
    const error = await service.create().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HOP3_POSTGRES_UNAVAILABLE', message: expect.stringMatching(/not available at 127\.0\.0\.1:\d+.*pg_ctlcluster 15 main start/s) });
    expect(String((error as Error).message)).not.toContain('hunter2-admin');
    expect(await service.info()).toMatchObject({ status: 'unavailable' });
    await expect(stat(join(root, 'addons', 'postgres', 'down.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports a stopped server the same way, then works again once it is back', async () => {
    const service = addon('restart-check');
    await service.create();
    await cluster.stop();
    try {
      await expect(service.backup()).rejects.toMatchObject({ code: 'HOP3_POSTGRES_UNAVAILABLE' });
      await expect(service.destroy()).rejects.toMatchObject({ code: 'HOP3_POSTGRES_UNAVAILABLE' });
    } finally {
      await cluster.start();
    }
    await service.destroy();
  });
});
