import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, thrown, type TempDir } from '@hop3/testkit';
import { CreateErrorCodes, main, parseCommandLine, resolveOptions, type Io } from 'create-hop3-plugin';

let tmp: TempDir;
beforeEach(async () => {
  tmp = await createTempDir('hop3-create-');
});
afterEach(async () => tmp.cleanup());

function io(options: { tty?: boolean; answers?: string[] } = {}): Io & { out: () => string; err: () => string } {
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  const answers = [...(options.answers ?? [])];
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    // Answer each question once it is asked, as a person at the terminal would.
    if (chunk.toString().endsWith('): ') && answers.length > 0) stdin.write(`${answers.shift()}\n`);
  });
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { cwd: tmp.path, stdin, stdout, stderr, out: () => out, err: () => err };
}

describe('options', () => {
  it('derive the package and strategy names from the directory', () => {
    expect(resolveOptions(parseCommandLine(['my-site', '--kind', 'deployer']), tmp.path)).toEqual({
      directory: tmp.join('my-site'),
      packageName: 'hop3-plugin-my-site',
      strategy: 'my-site',
      kinds: ['deployer'],
    });
    expect(resolveOptions(parseCommandLine(['x', '--name', '@acme/hop3-plugin-shop', '-k', 'builder,addon', '-k', 'addon']), tmp.path)).toMatchObject({
      packageName: '@acme/hop3-plugin-shop',
      strategy: 'shop',
      kinds: ['builder', 'addon'],
    });
    expect(resolveOptions(parseCommandLine(['hop3-plugin-docs']), tmp.path)).toMatchObject({ packageName: 'hop3-plugin-docs', kinds: ['builder', 'deployer'] });
  });

  it.each([
    ['foo', 'does not start with "hop3-plugin-"'],
    ['hop3-plugin-', 'has nothing after "hop3-plugin-"'],
    ['Hop3-Plugin-Caps', 'not a valid npm package name'],
    ['@acme/foo', 'does not start with "hop3-plugin-"'],
    ['hop3-plugin-a b', 'not a valid npm package name'],
  ])('refuse the package name %s, saying why and how to fix it', (name, why) => {
    const error = thrown(() => resolveOptions({ directory: 'x', name }, tmp.path));
    expect(error.code).toBe(CreateErrorCodes.invalidName);
    expect(error.message).toContain(why);
    expect(error.message).toContain('Example: --name hop3-plugin-');
  });

  it('speak of the directory when its name makes no package name', () => {
    const error = thrown(() => resolveOptions({ directory: 'Foo Bar' }, tmp.path));
    expect(error.code).toBe(CreateErrorCodes.invalidName);
    expect(error.message).toContain('The directory name "Foo Bar" does not make a package name');
    expect(error.message).toContain('--name hop3-plugin-');
  });

  it('refuse an empty --kind', () => {
    expect(thrown(() => parseCommandLine(['x', '--kind', ''])).code).toBe(CreateErrorCodes.usage);
  });

  it('refuse kinds it does not offer, pointing at where to start', () => {
    const proxy = thrown(() => resolveOptions({ directory: 'x', kinds: ['proxy'] }, tmp.path));
    expect(proxy.code).toBe(CreateErrorCodes.invalidKind);
    expect(proxy.message).toContain('hop3-plugin-proxy-nginx');
    expect(thrown(() => resolveOptions({ directory: 'x', kinds: ['deployr'] }, tmp.path)).message).toContain('Choose from: builder, deployer, addon');
  });

  it('refuse a bad strategy name and a missing directory', () => {
    expect(thrown(() => resolveOptions({ directory: 'x', strategy: '9lives' }, tmp.path)).code).toBe(CreateErrorCodes.invalidName);
    expect(thrown(() => resolveOptions({}, tmp.path)).code).toBe(CreateErrorCodes.usage);
    expect(thrown(() => parseCommandLine(['a', 'b'])).code).toBe(CreateErrorCodes.usage);
    expect(thrown(() => parseCommandLine(['a', '--kinds', 'x'])).code).toBe(CreateErrorCodes.usage);
  });
});

describe('the command', () => {
  it('writes the package: plugin metadata, the chosen strategies, the conformance test', async () => {
    const run = io();
    expect(await main(['site', '--kind', 'builder,deployer'], run)).toBe(0);
    const pkg = JSON.parse(await readFile(tmp.join('site', 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: 'hop3-plugin-site',
      type: 'module',
      hop3: { apiVersion: 1, provides: { builder: ['site'], deployer: ['site'] } },
      peerDependencies: { '@hop3/core': '>=0.1.0 <1' },
      engines: { node: '>=20.19' },
      keywords: expect.arrayContaining(['hop3-plugin']),
      files: ['dist', 'README.md', 'LICENSE'],
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      scripts: expect.objectContaining({ prepack: 'npm run build', test: 'vitest run' }),
    });
    expect(pkg.devDependencies).toMatchObject({ '@hop3/testkit': expect.any(String), vitest: expect.any(String), '@changesets/cli': expect.any(String) });
    const files = readdirSync(tmp.join('site'), { recursive: true }).map(String).sort();
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', '.changeset/config.json', 'src/builder.ts', 'src/deployer.ts', 'src/index.ts', 'test/conformance.test.ts']));
    expect(files).not.toContain('src/addon.ts');
    const test = await readFile(tmp.join('site', 'test', 'conformance.test.ts'), 'utf8');
    expect(test).toContain('describeBuilder({');
    expect(test).toContain('describeDeployer({');
    expect(run.out()).toContain('hop3 plugins install');
    expect(readdirSync(tmp.path)).toEqual(['site']); // no staging dir left behind
    expect(statSync(tmp.join('site')).mode & 0o777).toBe(0o777 & ~process.umask());
  });

  it('refuses a non-empty directory and writes nothing', async () => {
    await mkdir(tmp.join('busy'));
    await writeFile(tmp.join('busy', 'notes.txt'), 'mine');
    const run = io();
    expect(await main(['busy', '--kind', 'addon'], run)).toBe(2);
    expect(run.err()).toContain('is not empty: nothing was written');
    expect(readdirSync(tmp.join('busy'))).toEqual(['notes.txt']);
    expect(readdirSync(tmp.path)).toEqual(['busy']);
  });

  it('checks the name before writing anything', async () => {
    const run = io();
    expect(await main(['ok-dir', '--name', 'not-a-plugin'], run)).toBe(2);
    expect(existsSync(tmp.join('ok-dir'))).toBe(false);
  });

  it('asks on a terminal for what the command line left out', async () => {
    const run = io({ tty: true, answers: ['asked', '', 'addon'] });
    expect(await main([], run)).toBe(0);
    expect(run.out()).toContain('Directory of the new plugin');
    expect(JSON.parse(await readFile(tmp.join('asked', 'package.json'), 'utf8')).name).toBe('hop3-plugin-asked');
    expect(existsSync(tmp.join('asked', 'src', 'addon.ts'))).toBe(true);
  });

  it('without a terminal, a missing directory is a usage error', async () => {
    const run = io();
    expect(await main([], run)).toBe(2);
    expect(run.err()).toContain('npm create hop3-plugin@latest my-plugin');
  });
});
