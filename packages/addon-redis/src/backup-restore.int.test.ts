import { existsSync } from 'node:fs';
import { chmod, copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAddon } from './redis-addon.js';
import { RedisErrorCodes } from './errors.js';
import { createTestRuntime, requirePrograms, type TestRuntime } from '@hop3/testkit';
import { BINARY_KEY, BINARY_VALUE, keyId, readAll, withClient, writeSampleData } from './test-support/redis-data.js';

describe('redis backup and restore (real redis-server)', () => {
  let runtime: TestRuntime;
  let addon: RedisAddon;
  let url: string;
  let password: string;
  let backupPath: string;
  let original: Awaited<ReturnType<typeof readAll>>;

  beforeAll(async () => {
    requirePrograms(['redis-server', 'redis-check-rdb'], 'apt-get install redis-server');
    runtime = await createTestRuntime({ env: { HOP3_REDIS_PORTS: '16450-16499' }, prefix: 'hop3-redis-' });
    addon = new RedisAddon('roundtrip', runtime);
    await addon.create();
    const details = await addon.getConnectionDetails();
    url = details.REDIS_URL!;
    password = details.REDIS_PASSWORD!;
    await withClient(url, async (client) => {
      await writeSampleData(client);
      original = await readAll(client);
    });
  });

  afterAll(async () => {
    await addon?.destroy();
    await runtime?.cleanup();
  });

  const dataDir = () => join(runtime.layout.addonDir('redis'), 'roundtrip', 'data');

  it('writes a 0600 .rdb named by UTC timestamp under backups/redis/<name>', async () => {
    backupPath = await addon.backup();
    expect(dirname(backupPath)).toBe(runtime.layout.backupDir('redis', 'roundtrip'));
    expect(basename(backupPath)).toMatch(/^\d{8}T\d{6}Z(-\d+)?\.rdb$/);
    const info = await stat(backupPath);
    expect(info.size).toBeGreaterThan(1000);
    expect(info.mode & 0o777).toBe(0o600);
    expect((await readdir(dirname(backupPath))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('gives two backups in the same second distinct names', async () => {
    const [a, b] = [await addon.backup(), await addon.backup()];
    expect(a).not.toBe(b);
    expect((await readFile(a)).length).toBeGreaterThan(0);
    expect((await readFile(b)).length).toBeGreaterThan(0);
  });

  it('includes writes made just before the backup', async () => {
    await withClient(url, (client) => client.set('late:write', 'present'));
    const path = await addon.backup();
    await withClient(url, (client) => client.del('late:write'));
    await addon.restore(path);
    await withClient(url, async (client) => {
      expect((await client.get('late:write'))?.toString()).toBe('present');
      await client.del('late:write');
    });
  });

  it('restores every type, binary data and TTLs exactly, twice in a row', async () => {
    await withClient(url, async (client) => {
      await client.del(['str:plain', 'hash:user', 'list:queue', 'bin:value', BINARY_KEY]);
      await client.set('str:unicode', 'changed');
      await client.sAdd('set:tags', 'extra');
      await client.zAdd('zset:scores', { score: 0, value: 'new' });
      await client.persist('ttl:session');
      await client.set('added:after', 'should vanish');
      expect((await readAll(client)).data).not.toEqual(original.data);
    });

    for (let round = 0; round < 2; round++) {
      await addon.restore(backupPath);
      await withClient(url, async (client) => {
        const restored = await readAll(client);
        expect(restored.data).toEqual(original.data);
        expect(Object.keys(restored.ttls).sort()).toEqual([keyId('ttl:hash'), keyId('ttl:session')].sort());
        // TTLs are stored as absolute times: still there, counted down by the seconds elapsed.
        expect(restored.ttls[keyId('ttl:session')]).toBeGreaterThan(3_500_000);
        expect(restored.ttls[keyId('ttl:session')]).toBeLessThanOrEqual(3_600_000);
        expect(restored.ttls[keyId('ttl:hash')]).toBeGreaterThan(7_100_000);
        expect(Buffer.compare((await client.get('bin:value'))!, BINARY_VALUE)).toBe(0);
        expect((await client.get(BINARY_KEY))?.toString()).toBe('binary key');
      });
    }
    const leftovers = (await readdir(dataDir())).filter((f) => f !== 'dump.rdb');
    expect(leftovers).toEqual([]);
  });

  describe('refuses a bad backup and leaves the data untouched', () => {
    const cases: [string, () => Promise<string>, RegExp][] = [
      ['a missing file', async () => join(runtime.layout.root, 'nope.rdb'), /does not exist/],
      ['an empty file', async () => writeTemp('empty.rdb', Buffer.alloc(0)), /is empty/],
      ['a text file', async () => writeTemp('junk.rdb', Buffer.from('hello, not a dump\n')), /not a valid Redis dump/],
      ["the service's own live dump", async () => join(dataDir(), 'dump.rdb'), /in the data directory of redis service .*not a backup/],
      [
        'a truncated dump',
        async () => {
          const bytes = await readFile(backupPath);
          return writeTemp('truncated.rdb', bytes.subarray(0, Math.floor(bytes.length / 2)));
        },
        /not a valid Redis dump/,
      ],
      [
        'our own backup, altered after it was written (its checksum no longer matches)',
        async () => {
          const altered = join(runtime.layout.root, 'altered.rdb');
          const bytes = Buffer.from(await readFile(backupPath));
          const middle = Math.floor(bytes.length / 2);
          bytes[middle] = bytes[middle]! ^ 0xff;
          await writeFile(altered, bytes);
          await copyFile(`${backupPath}.sha256`, `${altered}.sha256`);
          return altered;
        },
        /not a valid Redis dump/,
      ],
      [
        'a dump with a flipped byte',
        async () => {
          const bytes = Buffer.from(await readFile(backupPath));
          const middle = Math.floor(bytes.length / 2);
          bytes[middle] = bytes[middle]! ^ 0xff;
          return writeTemp('flipped.rdb', bytes);
        },
        /not a valid Redis dump/,
      ],
    ];

    async function writeTemp(name: string, bytes: Buffer): Promise<string> {
      const path = join(runtime.layout.root, name);
      await writeFile(path, bytes);
      return path;
    }

    for (const [label, makePath, message] of cases) {
      it(label, async () => {
        await withClient(url, (client) => client.set('marker', label));
        const before = await withClient(url, readAll);
        const path = await makePath();
        const error = await addon.restore(path).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ code: RedisErrorCodes.invalidBackup });
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).not.toContain(password);
        expect(await addon.isRunning()).toBe(true);
        expect((await withClient(url, readAll)).data).toEqual(before.data);
        expect(await readdir(dataDir())).toEqual(['dump.rdb']);
      });
    }
  });

  it('puts the previous data back when the server does not load the restored dump', async () => {
    // A checker that vouches for a key count the dump does not have: the load check must catch it.
    const liar = join(runtime.layout.root, 'lying-check-rdb');
    await writeFile(liar, "#!/bin/sh\necho '\\o/ RDB looks OK! \\o/'\necho '[info] 99999 keys read'\n");
    await chmod(liar, 0o755);
    const lied = new RedisAddon('roundtrip', runtime.withEnv({ HOP3_REDIS_CHECK_RDB: liar }));
    await withClient(url, (client) => client.set('marker', 'before the failed restore'));
    const before = await withClient(url, readAll);

    // A copy without the backup's checksum sidecar, so the (lying) checker is what vouches for it.
    const foreign = join(runtime.layout.root, 'foreign-copy.rdb');
    await copyFile(backupPath, foreign);
    const error = await lied.restore(foreign).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: RedisErrorCodes.restoreFailed });
    expect((error as Error).message).toMatch(/previous data was put back/);
    expect((error as Error).message).not.toContain(password);
    expect(await addon.isRunning()).toBe(true);
    expect((await withClient(url, readAll)).data).toEqual(before.data);
    expect(await readdir(dataDir())).toEqual(['dump.rdb']);
  });

  it('trusts its own backups by their checksum, without running redis-check-rdb', async () => {
    const marker = join(runtime.layout.root, 'check-rdb-ran');
    const tracer = join(runtime.layout.root, 'tracing-check-rdb');
    await writeFile(tracer, `#!/bin/sh\ntouch ${marker}\nexit 1\n`);
    await chmod(tracer, 0o755);
    expect((await stat(`${backupPath}.sha256`)).mode & 0o777).toBe(0o600);
    const traced = new RedisAddon('roundtrip', runtime.withEnv({ HOP3_REDIS_CHECK_RDB: tracer }));
    await traced.restore(backupPath);
    expect(existsSync(marker)).toBe(false);
    expect(await addon.isRunning()).toBe(true);
  });

  it('refuses to restore into a service that was never created', async () => {
    const ghost = new RedisAddon('ghost', runtime);
    await expect(ghost.restore(backupPath)).rejects.toMatchObject({ code: RedisErrorCodes.notCreated });
    await expect(ghost.backup()).rejects.toMatchObject({ code: RedisErrorCodes.notCreated });
  });

  it('never logs the password', () => {
    expect(runtime.lines.length).toBeGreaterThan(0);
    for (const line of runtime.lines) expect(line).not.toContain(password);
  });
});
