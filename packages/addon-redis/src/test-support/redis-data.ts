import { RESP_TYPES, createClient } from 'redis';

export type BinaryClient = ReturnType<typeof binaryClient>;

/** A client that returns every string as a Buffer, so binary values compare exactly. */
export function binaryClient(url: string) {
  return createClient({ url, socket: { reconnectStrategy: false } }).withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
}

export async function withClient<T>(url: string, fn: (client: BinaryClient) => Promise<T>): Promise<T> {
  const client = binaryClient(url);
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

/** Bytes 0..255, twice, plus CR LF and a NUL-started tail: a value no text path survives. */
export const BINARY_VALUE = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i)), Buffer.from('\r\n\0end')]);
export const BINARY_KEY = Buffer.from([0x6b, 0x00, 0xff, 0x0d, 0x0a, 0x20]);

/** A data set with every core type, TTLs and binary data. */
export async function writeSampleData(client: BinaryClient): Promise<void> {
  await client.set('str:plain', 'hello');
  await client.set('str:unicode', 'héllo ✓ 日本語');
  await client.set('str:empty', '');
  await client.set('str:counter', '41');
  await client.incr('str:counter');
  await client.set('bin:value', BINARY_VALUE);
  await client.set(BINARY_KEY, 'binary key');
  await client.hSet('hash:user', { name: 'ada', age: '36', 'with space': 'v;"quoted"' });
  await client.hSet('hash:bin', 'field', BINARY_VALUE);
  await client.rPush('list:queue', ['a', 'b', 'c', 'a', '']);
  await client.sAdd('set:tags', ['x', 'y', 'z']);
  await client.zAdd('zset:scores', [
    { score: 1.5, value: 'a' },
    { score: -2, value: 'b' },
    { score: 1e10, value: 'c' },
  ]);
  await client.set('ttl:session', 'expiring', { EX: 3600 });
  await client.hSet('ttl:hash', 'k', 'v');
  await client.expire('ttl:hash', 7200);
  for (let i = 0; i < 500; i++) await client.set(`many:${i}`, `value-${i}`);
}

/** Everything in DB 0 in a comparable form: key (hex) → type and contents. TTLs separately. */
export async function readAll(client: BinaryClient): Promise<{ data: Record<string, unknown>; ttls: Record<string, number> }> {
  // KEYS, not scanIterator: with Buffer type mapping the SCAN cursor never compares equal to '0'.
  const keys = (await client.keys('*')) as unknown as Buffer[];
  const data: Record<string, unknown> = {};
  const ttls: Record<string, number> = {};
  for (const key of keys.sort(Buffer.compare)) {
    const id = key.toString('hex');
    const type = String(await client.type(key));
    let value: unknown;
    switch (type) {
      case 'string':
        value = (await client.get(key))?.toString('hex');
        break;
      case 'hash': {
        const hash = (await client.hGetAll(key)) as unknown as Record<string, Buffer>;
        value = Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, Buffer.from(v).toString('hex')]).sort());
        break;
      }
      case 'list':
        value = ((await client.lRange(key, 0, -1)) as unknown as Buffer[]).map((v) => v.toString('hex'));
        break;
      case 'set':
        value = ((await client.sMembers(key)) as unknown as Buffer[]).map((v) => v.toString('hex')).sort();
        break;
      case 'zset':
        value = (await client.zRangeWithScores(key, 0, -1)).map((e) => [Buffer.from(e.value as unknown as Buffer).toString('hex'), e.score]);
        break;
      default:
        value = `unsupported type ${type}`;
    }
    data[id] = { type, value };
    const pttl = Number(await client.pTTL(key));
    if (pttl >= 0) ttls[id] = pttl;
  }
  return { data, ttls };
}

export function keyId(key: string | Buffer): string {
  return Buffer.from(key).toString('hex');
}
