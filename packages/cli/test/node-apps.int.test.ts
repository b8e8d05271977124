// End to end: the built `hop3` deploys Node apps with the node builder (real npm, pnpm, yarn and
// node; pnpm and yarn come from the tool cache the builder fills through npm) on a real uWSGI
// emperor and nginx, private to this test. Official Node builds and the npm cache are shared by
// the test runs on the machine (the first run downloads them).
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '@hop3/testkit';
import { runCommand } from '@hop3/kit';
import { requirePrograms } from './support/programs.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../builder-node/fixtures/', import.meta.url));
const SHARED_TOOLS_DIR = join(tmpdir(), 'hop3-test-node-tools');
const SHARED_NPM_CACHE = join(tmpdir(), 'hop3-test-npm-cache');

let cluster: PrivatePostgres;
let hop3: PrivateHop3;

interface Deployed {
  app: string;
  url: string;
  builder: string;
  deployer: string;
  artifact: { kind: string; location: string; metadata: Record<string, unknown> };
}

const deploy = async (dir: string, app: string) => {
  const result = await hop3.run(['deploy', dir, '--app', app, '--json']);
  return { result, deployed: result.code === 0 ? result.json<Deployed>() : null };
};
const getJson = async (app: string, path = '/') => {
  const answer = await hop3.get(`${app}.localhost`, path);
  expect(answer.status, answer.body).toBe(200);
  return JSON.parse(answer.body) as Record<string, unknown>;
};

/** A copy of an example or fixture in the work dir, changed by `change`. */
async function copyOf(from: string, name: string, change?: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(hop3.work, name);
  await rm(dir, { recursive: true, force: true });
  await cp(from, dir, { recursive: true, filter: (path) => !path.includes('node_modules') });
  await change?.(dir);
  return dir;
}

async function editJson(file: string, change: (json: Record<string, unknown>) => void): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  change(json);
  await writeFile(file, JSON.stringify(json, null, 2));
}

/** The last build's section of an app's build log. */
async function lastBuild(app: string): Promise<string> {
  const log = await readFile(join(hop3.root, 'apps', app, 'log', 'build.log'), 'utf8');
  return log.slice(log.lastIndexOf('====='));
}

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'node', 'npm', 'cp', 'redis-server');
  cluster = await startPrivatePostgres();
  hop3 = await createPrivateHop3({
    name: 'node',
    startTimeout: 60,
    env: { HOP3_NODE_TOOLS_DIR: SHARED_TOOLS_DIR, HOP3_NPM_CACHE: SHARED_NPM_CACHE, HOP3_POSTGRES_ADMIN_URL: cluster.adminUrl },
  });
});

afterAll(async () => {
  await hop3?.close();
  await cluster?.destroy();
});

describe('Node apps (examples/node-express: npm, a TypeScript build, static files)', () => {
  const EXPRESS = join(EXAMPLES, 'node-express');

  it('deploys and serves through nginx, with NODE_ENV=production and the start script as web process', async () => {
    const { result, deployed } = await deploy(EXPRESS, 'express');
    expect(result.code, result.stderr).toBe(0);
    expect(deployed).toMatchObject({ builder: 'node', deployer: 'uwsgi', artifact: { kind: 'node', metadata: { packageManager: 'npm', reused: false, defaultWorkers: { web: 'node dist/server.js' } } } });
    expect(await getJson('express')).toEqual({ message: 'Hello from Express on hop3!', node: process.version, env: 'production' });
    const css = await hop3.get('express.localhost', '/static/style.css');
    expect(css.status).toBe(200);
    expect(css.body).toContain('font-family');
    // The server's own output reaches its log, where `hop3 logs` reads it.
    const logs = (await hop3.run(['logs', 'express', '--json'])).json<{ logs: Record<string, string[]> }>().logs;
    expect(logs['web.1.log']?.join('\n')).toMatch(/listening on 127\.0\.0\.1:\d+/);
  });

  it('redeploys with an unchanged lockfile under a steady request loop: node_modules reused, zero failed requests', async () => {
    const v2 = await copyOf(EXPRESS, 'express-v2', async (dir) => {
      const source = await readFile(join(dir, 'src', 'server.ts'), 'utf8');
      await writeFile(join(dir, 'src', 'server.ts'), source.replace('Hello from Express on hop3!', 'Hello again from Express!'));
    });
    let stop = false;
    let requests = 0;
    const failures: string[] = [];
    const loop = (async () => {
      const deadline = Date.now() + 240_000;
      while (!stop && Date.now() < deadline) {
        requests += 1;
        try {
          const answer = await hop3.get('express.localhost', '/');
          if (answer.status !== 200) failures.push(`status ${answer.status}`);
        } catch (error) {
          failures.push((error as Error).message);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const { result, deployed } = await deploy(v2, 'express');
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await loop;
    expect(result.code, result.stderr).toBe(0);
    expect(deployed?.artifact.metadata.reused).toBe(true);
    const log = await lastBuild('express');
    expect(log).toContain('node_modules linked from the cache, no install');
    expect(log).not.toContain(' ci --include=dev');
    expect(requests).toBeGreaterThan(20);
    expect(failures).toEqual([]);
    expect((await getJson('express')).message).toBe('Hello again from Express!');
  });

  it('reinstalls when the lockfile changes', async () => {
    const added = await copyOf(EXPRESS, 'express-added', async (dir) => {
      await runCommand('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--cache', SHARED_NPM_CACHE, 'is-number@7.0.0'], { cwd: dir });
    });
    const { result, deployed } = await deploy(added, 'express');
    expect(result.code, result.stderr).toBe(0);
    expect(deployed?.artifact.metadata.reused).toBe(false);
    expect(await lastBuild('express')).toContain(' ci --include=dev');
    expect(existsSync(join(deployed!.artifact.location, 'node_modules', 'is-number'))).toBe(true);
  });

  it.each<[string, number, RegExp, (dir: string) => Promise<void>]>([
    ['two lockfiles', 2, /lockfiles of 2 package managers: package-lock\.json and yarn\.lock/, (dir) => cp(join(FIXTURES, 'yarn-app', 'yarn.lock'), join(dir, 'yarn.lock'))],
    ['a bad package.json', 2, /package\.json: not valid JSON/, (dir) => writeFile(join(dir, 'package.json'), '{ "name": "broken", ')],
    ['a failing build script', 1, /Node build step "npm run build" failed[\s\S]*not assignable to type 'number'/, (dir) => writeFile(join(dir, 'src', 'server.ts'), 'const n: number = "x";\n')],
    ['an out-of-sync lockfile', 1, /Node build step "npm ci" failed[\s\S]*in sync[\s\S]*The lockfile does not match package\.json/, (dir) => editJson(join(dir, 'package.json'), (pkg) => ((pkg.dependencies as Record<string, string>)['is-odd'] = '^3.0.1'))],
    ['a missing start command', 2, /no start command: add "scripts": \{ "start"/, (dir) => editJson(join(dir, 'package.json'), (pkg) => delete (pkg.scripts as Record<string, string>).start)],
  ])('refuses %s clearly and leaves the running version serving', async (name, exitCode, message, change) => {
    const before = await getJson('express');
    const broken = await copyOf(EXPRESS, `express-${name.replace(/\W+/g, '-')}`, change);
    const { result } = await deploy(broken, 'express');
    expect(result.code, result.stderr).toBe(exitCode);
    expect(result.stdout + result.stderr).toMatch(message);
    expect(await getJson('express')).toEqual(before);
  });
});

describe('Node apps with pnpm and yarn, and a Node version the system does not have', () => {
  it('deploys the pnpm app on the official Node 22 build that engines.node asks for', async () => {
    const app = await copyOf(join(FIXTURES, 'pnpm-app'), 'pnpm-22', (dir) => editJson(join(dir, 'package.json'), (pkg) => (pkg.engines = { node: '22.x' })));
    const { result, deployed } = await deploy(app, 'pnpm22');
    expect(result.code, result.stderr).toBe(0);
    expect(deployed?.artifact.metadata).toMatchObject({ packageManager: 'pnpm', nodeSource: 'official-build' });
    const answer = await getJson('pnpm22', '/5');
    expect(answer).toMatchObject({ app: 'pnpm-app', env: 'production', isNumber: true, built: 'built with is-odd: 3 is odd = true', devDependencyPresent: false });
    expect(answer.node).toMatch(/^v22\./);
    expect(answer.node).toBe(`v${deployed?.artifact.metadata.nodeVersion as string}`);
  });

  it('deploys the yarn app', async () => {
    const { result, deployed } = await deploy(join(FIXTURES, 'yarn-app'), 'yarnapp');
    expect(result.code, result.stderr).toBe(0);
    expect(deployed?.artifact.metadata).toMatchObject({ packageManager: 'yarn', packageManagerVersion: '1.22.22' });
    expect(await getJson('yarnapp', '/7')).toMatchObject({ app: 'yarn-app', node: process.version, isNumber: true, devDependencyPresent: false });
  });
});

describe('examples/node-services (PostgreSQL and Redis addons)', () => {
  it('deploys with its addons attached and writes to both', async () => {
    const { result } = await deploy(join(EXAMPLES, 'node-services'), 'services');
    expect(result.code, result.stderr).toBe(0);
    // Every request is a visit (the health gate's too): the second sees one more in each store.
    const first = (await getJson('services', '/visit')) as { database: number; cache: number };
    expect(first.database).toBeGreaterThan(0);
    expect(first.cache).toBe(first.database);
    expect(await getJson('services', '/visit')).toEqual({ database: first.database + 1, cache: first.cache + 1 });
  });
});

describe('hop3 destroy of a Node app', () => {
  it("removes the app's node_modules and its node_modules cache; shared tools stay", async () => {
    const appDir = join(hop3.root, 'apps', 'yarnapp');
    expect(existsSync(join(appDir, 'cache', 'node_modules'))).toBe(true);
    const result = await hop3.run(['destroy', 'yarnapp', '--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(appDir).catch(() => [] as string[])).filter((entry) => entry !== 'data')).toEqual([]);
    expect(existsSync(join(SHARED_TOOLS_DIR, 'yarn'))).toBe(true);
  });
});
