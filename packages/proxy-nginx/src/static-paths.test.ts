import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { NginxErrorCodes } from './errors.js';
import { normalizeUrlPrefix, parseStaticWorker, resolveStaticMappings, type StaticSources } from './static-paths.js';

let base: string;
let src: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'hop3-static-')));
  src = join(base, 'app', 'src');
  await mkdir(join(src, 'public', 'img'), { recursive: true });
  await mkdir(join(src, 'media'), { recursive: true });
  await mkdir(join(base, 'elsewhere'), { recursive: true });
  await writeFile(join(src, 'file.txt'), 'x');
  await symlink(join(base, 'elsewhere'), join(src, 'out'));
  await symlink(join(src, 'media'), join(src, 'media-link'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function rejects(sources: StaticSources, words: string): Promise<void> {
  try {
    await resolveStaticMappings(sources, { srcDir: src, allowOutsideApp: false });
  } catch (error) {
    expect(hasErrorCode(error, NginxErrorCodes.invalidStaticPath)).toBe(true);
    expect((error as Error).message).toContain(words);
    return;
  }
  throw new Error(`expected ${JSON.stringify(sources)} to be rejected`);
}

describe('parseStaticWorker', () => {
  it('maps a plain directory to / and takes a mapping list as such', () => {
    expect(parseStaticWorker('public')).toEqual([{ urlPrefix: '/', path: 'public' }]);
    expect(parseStaticWorker('/:public,/x:dir')).toEqual([
      { urlPrefix: '/', path: 'public' },
      { urlPrefix: '/x', path: 'dir' },
    ]);
    expect(parseStaticWorker('  ')).toEqual([]);
  });
});

describe('a static deployment', () => {
  it('serves its directory at /, below the app\'s own mapping of /', async () => {
    const deployment = join(src, 'public');
    expect(await resolveStaticMappings({ deployment }, { srcDir: src, allowOutsideApp: false })).toEqual([
      { urlPrefix: '/', directory: deployment, source: 'the static deployment' },
    ]);
    const overridden = await resolveStaticMappings({ deployment, worker: 'media' }, { srcDir: src, allowOutsideApp: false });
    expect(overridden).toEqual([{ urlPrefix: '/', directory: join(src, 'media'), source: 'Procfile "static" worker' }]);
  });

  it('is refused outside the app like any mapping', async () => {
    await rejects({ deployment: join(base, 'elsewhere') }, 'outside the app');
  });
});

describe('normalizeUrlPrefix', () => {
  it('adds the trailing slash alias needs', () => {
    expect(normalizeUrlPrefix('/static', 's')).toBe('/static/');
    expect(normalizeUrlPrefix('/', 's')).toBe('/');
    expect(normalizeUrlPrefix('//a//b/', 's')).toBe('/a/b/');
  });

  it.each(['static', '/a b', '/x;y', '/../etc', '/a/./b', '/{x}', '/$uri'])('rejects %j', (prefix) => {
    expect(() => normalizeUrlPrefix(prefix, 'NGINX_STATIC_PATHS')).toThrow(/NGINX_STATIC_PATHS/);
  });
});

describe('resolveStaticMappings', () => {
  it('merges worker < hop3.toml < NGINX_STATIC_PATHS and resolves real paths', async () => {
    const mappings = await resolveStaticMappings(
      {
        worker: 'public',
        declared: { '/media': 'media', '/img': 'public' },
        env: [
          { urlPrefix: '/img', path: 'public/img' },
          { urlPrefix: '/m2', path: 'media-link' },
        ],
      },
      { srcDir: src, allowOutsideApp: false },
    );
    expect(mappings).toEqual([
      { urlPrefix: '/media/', directory: join(src, 'media'), source: 'hop3.toml [static]' },
      { urlPrefix: '/img/', directory: join(src, 'public', 'img'), source: 'NGINX_STATIC_PATHS' },
      { urlPrefix: '/m2/', directory: join(src, 'media'), source: 'NGINX_STATIC_PATHS' },
      { urlPrefix: '/', directory: join(src, 'public'), source: 'Procfile "static" worker' },
    ]);
  });

  it('returns nothing when nothing is declared', async () => {
    expect(await resolveStaticMappings({}, { srcDir: join(base, 'missing'), allowOutsideApp: false })).toEqual([]);
  });

  it('refuses ../ escapes, symlinks out and absolute paths outside the app', async () => {
    await rejects({ env: [{ urlPrefix: '/x', path: '../..' }] }, 'NGINX_ALLOW_STATIC_OUTSIDE_APP');
    await rejects({ env: [{ urlPrefix: '/x', path: 'out' }] }, join(base, 'elsewhere'));
    await rejects({ declared: { '/x': join(base, 'elsewhere') } }, 'outside the app');
  });

  it('allows outside paths when NGINX_ALLOW_STATIC_OUTSIDE_APP is set', async () => {
    const mappings = await resolveStaticMappings({ env: [{ urlPrefix: '/x', path: 'out' }] }, { srcDir: src, allowOutsideApp: true });
    expect(mappings[0]?.directory).toBe(join(base, 'elsewhere'));
  });

  it('refuses missing directories, files, duplicates and unsafe characters', async () => {
    await rejects({ env: [{ urlPrefix: '/x', path: 'nope' }] }, 'does not exist');
    await rejects({ env: [{ urlPrefix: '/x', path: 'file.txt' }] }, 'not a directory');
    await rejects({ env: [{ urlPrefix: '/x', path: 'public' }, { urlPrefix: '/x/', path: 'media' }] }, 'mapped twice');
    await rejects({ env: [{ urlPrefix: '/x', path: 'pub"lic' }] }, 'characters');
    await rejects({ worker: '/x:' }, '/url:path');
  });
});
