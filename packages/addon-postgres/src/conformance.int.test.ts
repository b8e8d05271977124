import { describeAddon, startPrivatePostgres, type PrivatePostgres } from '@hop3/testkit';
import plugin from './index.js';
import { loadPgClient } from './pg-client.js';

let cluster: PrivatePostgres | undefined;

async function query(url: string, text: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const Client = await loadPgClient();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

// The addon protocol's conformance suite from @hop3/testkit, against a private PostgreSQL
// cluster (its own data dir, socket and port) that the suite starts and destroys.
describeAddon({
  plugin,
  strategy: 'postgres',
  env: async () => {
    cluster = await startPrivatePostgres();
    return { HOP3_POSTGRES_ADMIN_URL: cluster.adminUrl };
  },
  afterAll: () => cluster?.destroy(),
  async write(details, marker) {
    await query(details.DATABASE_URL!, 'CREATE TABLE IF NOT EXISTS conformance (marker text)');
    await query(details.DATABASE_URL!, 'DELETE FROM conformance');
    await query(details.DATABASE_URL!, 'INSERT INTO conformance (marker) VALUES ($1)', [marker]);
  },
  async read(details) {
    const rows = await query(details.DATABASE_URL!, 'SELECT marker FROM conformance').catch(() => []);
    return (rows[0]?.marker as string | undefined) ?? null;
  },
});
