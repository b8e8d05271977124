import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { checkPackageJson, readPackageJson } from './package-json.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function appWith(text: string | null): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hop3-pkg-'));
  dirs.push(dir);
  if (text !== null) await writeFile(join(dir, 'package.json'), text);
  return dir;
}

function failure(fn: () => unknown): { code?: string; message: string; badInput?: boolean } {
  try {
    fn();
  } catch (error) {
    return error as { code?: string; message: string; badInput?: boolean };
  }
  throw new Error('expected an error');
}

describe('checkPackageJson', () => {
  it('reads scripts, engines.node, packageManager and the dependency fields', () => {
    const pkg = checkPackageJson(
      { name: 'x', scripts: { start: 'node s.js' }, engines: { node: '20.x' }, packageManager: 'pnpm@9.15.9+sha512.abc', dependencies: { a: '1' }, description: 'ignored' },
      'package.json',
    );
    expect(pkg).toEqual({ scripts: { start: 'node s.js' }, enginesNode: '20.x', packageManager: 'pnpm@9.15.9+sha512.abc', dependencyFields: { dependencies: { a: '1' }, packageManager: 'pnpm@9.15.9+sha512.abc' } });
  });

  it.each([
    [[], 'must hold a JSON object, not a list'],
    [{ scripts: ['a'] }, '"scripts" must be an object'],
    [{ scripts: { build: 3 } }, 'scripts.build must be a string'],
    [{ engines: { node: 20 } }, 'engines.node must be a version range string'],
    [{ packageManager: 'bun@1.0.0' }, 'packageManager must be "npm@<version>"'],
  ])('refuses %j as bad input: %s', (raw, expected) => {
    const error = failure(() => checkPackageJson(raw, '/a/package.json'));
    expect(error.code).toBe('HOP3_NODE_BAD_PACKAGE_JSON');
    expect(error.badInput).toBe(true);
    expect(error.message).toContain('/a/package.json');
    expect(error.message).toContain(expected);
  });
});

describe('readPackageJson', () => {
  it('reports a JSON syntax error with the file', async () => {
    const dir = await appWith('{ "name": "x", }');
    const error = await readPackageJson(dir).catch((e: unknown) => e as Error);
    expect(hasErrorCode(error, 'HOP3_NODE_BAD_PACKAGE_JSON')).toBe(true);
    expect((error as Error).message).toMatch(/package\.json: not valid JSON/);
  });

  it('says what to do when package.json is missing', async () => {
    const dir = await appWith(null);
    const error = await readPackageJson(dir).catch((e: unknown) => e as Error);
    expect(hasErrorCode(error, 'HOP3_NODE_NO_PACKAGE_JSON')).toBe(true);
    expect((error as Error).message).toContain('npm init -y');
  });

  it('accepts a byte-order mark', async () => {
    const dir = await appWith('\uFEFF{ "scripts": { "start": "node a.js" } }');
    expect((await readPackageJson(dir)).scripts.start).toBe('node a.js');
  });
});
