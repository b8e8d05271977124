import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/hop3-error.js';
import { emptyAppConfig } from './app-config.js';
import { buildArtifactSchema, deploymentContextSchema, deploymentInfoSchema } from './deployment.js';
import { hostnameSchema, isSafeName } from './names.js';
import { parseOrThrow } from './validate.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-schemas-'));
  await writeFile(join(dir, 'a-file'), 'x');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('DeploymentContext', () => {
  it('accepts a safe name and an existing absolute directory', () => {
    const context = parseOrThrow(deploymentContextSchema, { appName: 'my-app-2', sourcePath: dir, appConfig: emptyAppConfig() }, 'context');
    expect(context.appName).toBe('my-app-2');
    expect(context.appConfig.workers).toEqual({});
  });

  it.each([
    ['../x', 'not a safe name'],
    ['a;b', 'not a safe name'],
    ['UPPER', 'not a safe name'],
    ['x'.repeat(64), 'not a safe name'],
    ['-lead', 'not a safe name'],
  ])('refuses the app name %j', (appName, message) => {
    expect(() => parseOrThrow(deploymentContextSchema, { appName, sourcePath: dir, appConfig: emptyAppConfig() }, 'context')).toThrow(message);
  });

  it('refuses a missing dir, a file, and a relative path, listing every problem', () => {
    let error: unknown;
    try {
      parseOrThrow(deploymentContextSchema, { appName: 'BAD', sourcePath: join(dir, 'missing'), appConfig: emptyAppConfig() }, 'context');
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'HOP3_INVALID_INPUT')).toBe(true);
    expect((error as { details: { problems: string[] } }).details.problems).toHaveLength(2);
    expect(() => parseOrThrow(deploymentContextSchema, { appName: 'a', sourcePath: join(dir, 'a-file'), appConfig: emptyAppConfig() }, 'c')).toThrow('not an existing directory');
    expect(() => parseOrThrow(deploymentContextSchema, { appName: 'a', sourcePath: 'relative/dir', appConfig: emptyAppConfig() }, 'c')).toThrow('absolute');
  });
});

describe('BuildArtifact and DeploymentInfo', () => {
  it('defaults metadata and checks kinds, protocols and ports', () => {
    expect(buildArtifactSchema.parse({ kind: 'virtualenv', location: '/v' })).toEqual({ kind: 'virtualenv', location: '/v', metadata: {} });
    expect(buildArtifactSchema.safeParse({ kind: '', location: '/v' }).success).toBe(false);
    expect(deploymentInfoSchema.parse({ protocol: 'unix', address: '/run/a.sock', port: null }).port).toBeNull();
    expect(deploymentInfoSchema.safeParse({ protocol: 'ftp', address: 'x', port: 1 }).success).toBe(false);
    expect(deploymentInfoSchema.safeParse({ protocol: 'http', address: 'x', port: 70000 }).success).toBe(false);
  });
});

describe('names', () => {
  it('tells safe names and hostnames apart from unsafe ones', () => {
    expect(['a', '0app', 'my-app', 'x'.repeat(63)].every(isSafeName)).toBe(true);
    expect(['', 'A', 'a_b', 'a.b', 'x'.repeat(64)].some(isSafeName)).toBe(false);
    for (const host of ['example.com', 'a-b.example.co.uk', '*.example.com', 'app.localhost']) expect(hostnameSchema.safeParse(host).success, host).toBe(true);
    for (const host of ['has space.com', 'a{b}.com', 'a;b', '-a.com', 'a..b', '']) expect(hostnameSchema.safeParse(host).success, host).toBe(false);
  });
});
