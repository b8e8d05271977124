// The app's use of its backing services, shared by the web server and the check script.
import pg from 'pg';
import { createClient } from 'redis';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: attach a service ("hop3 addons attach <name> --app <app>")`);
  return value;
}

/** Record one visit in PostgreSQL and count it in Redis; returns both views of the count. */
export async function recordVisit(path) {
  const db = new pg.Client({ connectionString: required('DATABASE_URL') });
  const cache = createClient({ url: required('REDIS_URL') });
  await db.connect();
  await cache.connect();
  try {
    await db.query('CREATE TABLE IF NOT EXISTS visits (id serial PRIMARY KEY, path text NOT NULL, at timestamptz NOT NULL DEFAULT now())');
    await db.query('INSERT INTO visits (path) VALUES ($1)', [path]);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM visits');
    const cached = await cache.incr('visits');
    return { database: rows[0].n, cache: cached };
  } finally {
    await db.end();
    await cache.quit();
  }
}
