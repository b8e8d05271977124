import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '@hop3/kit';
import { httpGet, type HttpAnswer } from './http-get.js';
import { runHop3, type Hop3Outcome } from './hop3-runner.js';

/** A hop3 of a test's own: its HOP3_ROOT, a work dir, loopback ports and an offline pip. */
export interface PrivateHop3 {
  root: string;
  work: string;
  httpPort: number;
  env: Record<string, string>;
  /** Run the built binary in the work dir; `extraEnv` overrides this hop3's env for one call. */
  run(args: readonly string[], extraEnv?: Record<string, string>): Promise<Hop3Outcome>;
  /** GET through the embedded nginx with `host` as the Host header. */
  get(host: string, path?: string): Promise<HttpAnswer>;
  /** Destroy every app and addon service, stop the embedded servers, remove the dirs. */
  close(): Promise<void>;
}

export interface PrivateHop3Options {
  /** Prefix of the temp dir's name. */
  name: string;
  /** HOP3_START_TIMEOUT in seconds (default 30). */
  startTimeout?: number;
  /** Leave HOP3_ROOT for hop3 to create (a path inside the temp dir that does not exist yet). */
  rootCreatedByHop3?: boolean;
  env?: Record<string, string>;
}

export async function createPrivateHop3(options: PrivateHop3Options): Promise<PrivateHop3> {
  const base = await mkdtemp(join(tmpdir(), `hop3-${options.name}-`));
  const root = join(base, 'root');
  const work = join(base, 'work');
  await mkdir(work);
  if (!options.rootCreatedByHop3) await mkdir(root, { mode: 0o700 });
  const httpPort = await findFreePort();
  const env: Record<string, string> = {
    HOP3_ROOT: root,
    HOP3_HTTP_PORT: String(httpPort),
    HOP3_HTTPS_PORT: String(await findFreePort()),
    HOP3_DISCOVER: '0',
    HOP3_START_TIMEOUT: String(options.startTimeout ?? 30),
    PIP_CONFIG_FILE: '/dev/null',
    PIP_NO_INDEX: '1',
    ...options.env,
  };
  const run = (args: readonly string[], extraEnv: Record<string, string> = {}) => runHop3(args, { env: { ...env, ...extraEnv }, cwd: work });
  return {
    root,
    work,
    httpPort,
    env,
    run,
    get: (host, path = '/') => httpGet(httpPort, host, path),
    async close() {
      const apps = await run(['apps', '--json']).catch(() => null);
      for (const app of listed(apps, 'apps')) await run(['destroy', app, '--yes']).catch(() => undefined);
      const services = await run(['addons', 'list', '--json']).catch(() => null);
      for (const service of listed(services, 'services')) await run(['addons', 'destroy', service, '--yes']).catch(() => undefined);
      await run(['server', 'stop']).catch(() => undefined);
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** The names in a `--json` listing (`{ apps: [{ name }] }`), or none when the command failed. */
function listed(outcome: Hop3Outcome | null, key: string): string[] {
  if (outcome === null || outcome.code !== 0) return [];
  try {
    const items = outcome.json<Record<string, Array<{ name?: unknown }>>>()[key] ?? [];
    return items.map((item) => item.name).filter((name): name is string => typeof name === 'string');
  } catch {
    return [];
  }
}
