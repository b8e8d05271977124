import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../kit/src/test-support/failure.js';
import { checkPackageJson } from './package-json.js';
import { bestMatch, latestPerMajor, readNodeVersionRequest, toRange } from './node-version.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function request(files: Record<string, string>, engines?: string, configured?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'hop3-nv-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return readNodeVersionRequest(dir, checkPackageJson(engines === undefined ? {} : { engines: { node: engines } }, 'package.json'), configured);
}

describe('toRange', () => {
  it.each([
    ['20', '20'],
    ['v22.1.0', 'v22.1.0'],
    ['>=20.19 <23', '>=20.19 <23'],
    ['lts/iron', '20.x'],
    ['lts/jod', '22.x'],
    ['node', '*'],
  ])('%s → %s', async (written, range) => expect(await toRange(written)).toBe(range));

  it('turns lts/* into the LTS lines', async () => {
    expect(await toRange('lts/*')).toContain('20.x || 22.x');
  });

  it.each(['lts/nosuch', 'twenty', ''])('refuses %j', async (written) => expect(await toRange(written)).toBeUndefined());
});

describe('readNodeVersionRequest', () => {
  it('takes engines.node first, then .nvmrc, then .node-version, then [build] node-version', async () => {
    const files = { '.nvmrc': 'lts/iron\n', '.node-version': '22\n' };
    expect(await request(files, '>=18', '24')).toEqual({ range: '>=18', source: 'package.json engines.node ">=18"' });
    expect(await request(files, undefined, '24')).toEqual({ range: '20.x', source: '.nvmrc "lts/iron"' });
    expect(await request({ '.node-version': '# pinned\n22\n' }, undefined, '24')).toEqual({ range: '22', source: '.node-version "22"' });
    expect(await request({}, undefined, '24')).toEqual({ range: '24', source: 'hop3.toml [build] node-version "24"' });
    expect(await request({})).toBeNull();
  });

  it('refuses what is not a version, saying where it was written', async () => {
    const error = await failure(request({ '.nvmrc': 'banana\n' }));
    expect(error.code).toBe('HOP3_NODE_BAD_VERSION');
    expect((error as { badInput?: boolean }).badInput).toBe(true);
    expect(error.message).toContain('.nvmrc "banana"');
  });
});

describe('bestMatch and latestPerMajor', () => {
  const versions = ['18.20.8', '20.19.0', '20.20.2', '22.23.5', '23.0.0-rc.1', '22.1.0'];
  it('picks the newest release in range', async () => {
    expect(await bestMatch(versions, '>=20 <22')).toBe('20.20.2');
    expect(await bestMatch(versions, '22.x')).toBe('22.23.5');
    expect(await bestMatch(versions, '^30')).toBeNull();
  });
  it('lists the newest release of each major', async () => {
    expect(await latestPerMajor(versions)).toEqual(['18.20.8', '20.20.2', '22.23.5']);
  });
});
