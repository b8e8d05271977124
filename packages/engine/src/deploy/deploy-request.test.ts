import { mkdtemp, mkdir, readdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { validateDeployRequest } from './deploy-request.js';

let dir: string;
let app: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-request-'));
  app = join(dir, 'my-app');
  await mkdir(app);
  await writeFile(join(app, 'Procfile'), 'wsgi: app:application\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function problemOf(request: Parameters<typeof validateDeployRequest>[0]): Promise<Error & { code: string }> {
  try {
    await validateDeployRequest(request);
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('expected the request to be refused');
}

describe('validateDeployRequest', () => {
  it('derives the app name from the directory and loads the config', async () => {
    const valid = await validateDeployRequest({ sourceDir: app, hostnames: ['a.example.com'], env: ['X=1'] });
    expect(valid.appName).toBe('my-app');
    expect(valid.config.workers).toEqual({ wsgi: 'app:application' });
    expect(valid.env).toEqual({ X: '1' });
  });

  it.each(['../x', 'a;b', 'UPPER', 'x'.repeat(100), 'a b', '-lead'])('refuses the app name %j', async (name) => {
    const error = await problemOf({ sourceDir: app, appName: name });
    expect(hasErrorCode(error, 'HOP3_INVALID_INPUT')).toBe(true);
    expect(error.message).toContain('invalid app name');
  });

  it.each(['has space.com', 'a{b}.com', 'a;b.com', 'x\n.com'])('refuses the hostname %j', async (host) => {
    const error = await problemOf({ sourceDir: app, hostnames: [host] });
    expect(error.message).toContain('invalid hostname');
  });

  it('refuses a missing directory and lists every problem at once', async () => {
    const error = await problemOf({ sourceDir: join(dir, 'nope'), appName: 'BAD', env: ['oops'] });
    expect(error.message).toContain('source directory not found');
    expect(error.message).toContain('invalid app name');
    expect(error.message).toContain('--env');
  });

  it('says that a file given as the source is not a directory', async () => {
    const file = join(dir, 'server.js');
    await writeFile(file, '');
    expect((await problemOf({ sourceDir: file })).message).toContain(`${file} is not a directory`);
  });

  it('reports a malformed Procfile with its line', async () => {
    const broken = join(dir, 'broken');
    await mkdir(broken);
    await writeFile(join(broken, 'Procfile'), '# ok\nweb gunicorn app\n');
    const error = await problemOf({ sourceDir: broken });
    expect(hasErrorCode(error, 'HOP3_INVALID_CONFIG')).toBe(true);
    expect(error.message).toMatch(/Procfile:2/);
  });

  it('writes nothing while validating', async () => {
    const before = await readdir(dir);
    await problemOf({ sourceDir: app, appName: '../x' });
    expect(await readdir(dir)).toEqual(before);
  });
});
