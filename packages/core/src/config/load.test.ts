import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyAppConfig } from '../data/app-config.js';
import { hasErrorCode } from '../errors/hop3-error.js';
import { appConfigFromTexts, loadAppConfig } from './load.js';

let appDir: string;

beforeEach(async () => {
  appDir = await mkdtemp(join(tmpdir(), 'hop3-config-'));
});

afterEach(async () => {
  await rm(appDir, { recursive: true, force: true });
});

async function write(relative: string, text: string): Promise<void> {
  await mkdir(dirname(join(appDir, relative)), { recursive: true });
  await writeFile(join(appDir, relative), text);
}

async function loadError(dir: string): Promise<{ code?: string; message: string; details: Record<string, unknown> }> {
  const error = await loadAppConfig(dir).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (error === undefined) throw new Error('expected loadAppConfig to fail');
  return error as { code?: string; message: string; details: Record<string, unknown> };
}

describe('loadAppConfig', () => {
  it('gives an empty config when there is neither a Procfile nor a hop3.toml', async () => {
    expect(await loadAppConfig(appDir)).toEqual(emptyAppConfig());
  });

  it('reads a Procfile alone', async () => {
    await write('Procfile', 'web: node server.js\nprebuild: npm ci\n');
    const config = await loadAppConfig(appDir);
    expect(config.workers).toEqual({ web: 'node server.js' });
    expect(config.hooks).toEqual({ prebuild: ['npm ci'] });
    expect(config.sources).toEqual([join(appDir, 'Procfile')]);
  });

  it('reads a hop3.toml alone', async () => {
    await write('hop3.toml', '[run]\nstart = "node ."\n[env]\nA = 1\n');
    const config = await loadAppConfig(appDir);
    expect(config.workers).toEqual({ web: 'node .' });
    expect(config.env).toEqual({ A: '1' });
    expect(config.sources).toEqual([join(appDir, 'hop3.toml')]);
  });

  it('prefers hop3/Procfile over Procfile and hop3/hop3.toml over hop3.toml', async () => {
    await write('Procfile', 'web: root-procfile\n');
    await write('hop3/Procfile', 'web: subdir-procfile\n');
    await write('hop3.toml', '[env]\nFROM = "root"\n');
    await write('hop3/hop3.toml', '[env]\nFROM = "subdir"\n');
    const config = await loadAppConfig(appDir);
    expect(config.workers).toEqual({ web: 'subdir-procfile' });
    expect(config.env).toEqual({ FROM: 'subdir' });
    expect(config.sources).toEqual([join(appDir, 'hop3/Procfile'), join(appDir, 'hop3/hop3.toml')]);
  });

  it('ignores a broken root file when the hop3/ one wins', async () => {
    await write('Procfile', 'not a procfile line\n');
    await write('hop3/Procfile', 'web: ok\n');
    expect((await loadAppConfig(appDir)).workers).toEqual({ web: 'ok' });
  });

  it('treats a file named hop3 (not a directory) as no subdir', async () => {
    await write('hop3', 'just a file');
    await write('Procfile', 'web: ok\n');
    expect((await loadAppConfig(appDir)).workers).toEqual({ web: 'ok' });
  });

  it('merges both files, hop3.toml winning per worker kind and per hook', async () => {
    await write('Procfile', 'web: procfile-web\nworker: procfile-worker\nclock: procfile-clock\nprebuild: procfile-prebuild\nprerun: procfile-prerun\n');
    await write('hop3.toml', '[build]\nbefore-build = ["toml-1", "toml-2"]\n[run]\nstart = "toml-web"\n[run.workers]\nworker = "toml-worker"\n');
    const config = await loadAppConfig(appDir);
    expect(config.workers).toEqual({ web: 'toml-web', worker: 'toml-worker', clock: 'procfile-clock' });
    expect(config.hooks).toEqual({ prebuild: ['toml-1', 'toml-2'], prerun: ['procfile-prerun'] });
  });

  it('lets a hop3.toml wsgi worker replace the Procfile web process (no two web processes)', async () => {
    await write('Procfile', 'web: gunicorn app:app\nworker: celery\n');
    await write('hop3.toml', '[run.workers]\nwsgi = "app:app"\n');
    expect((await loadAppConfig(appDir)).workers).toEqual({ wsgi: 'app:app', worker: 'celery' });
  });

  it('fills every AppConfig field from hop3.toml', async () => {
    await write(
      'hop3.toml',
      `[metadata]
id = "demo"
[build]
builder = "python"
packages = ["libpq-dev"]
python-version = "3.12"
[run]
start-timeout = 30
packages = ["ffmpeg"]
[[addons]]
type = "postgres"
[healthcheck]
path = "/up"
[static]
"/assets" = "public"
`,
    );
    const config = await loadAppConfig(appDir);
    expect(config).toEqual({
      metadata: { id: 'demo' },
      build: { builder: 'python', packages: ['libpq-dev'], pythonVersion: '3.12' },
      run: { startTimeout: 30, packages: ['ffmpeg'] },
      workers: {},
      hooks: {},
      env: {},
      addons: [{ type: 'postgres', options: {} }],
      healthcheck: { path: '/up', interval: 1, retries: 3 },
      static: { '/assets': 'public' },
      docker: {},
      tls: {},
      sources: [join(appDir, 'hop3.toml')],
    });
  });

  it('reports the problems of both files in one HOP3_INVALID_CONFIG error', async () => {
    await write('Procfile', '# app\nweb: node .\nweb gunicorn\n');
    await write('hop3/hop3.toml', '[build]\nbilder = "node"\n');
    const error = await loadError(appDir);
    expect(hasErrorCode(error, 'HOP3_INVALID_CONFIG')).toBe(true);
    expect(error.details.problems).toEqual([
      { file: 'Procfile', line: 3, message: 'no ":" in "web gunicorn" (write "kind: command")' },
      {
        file: 'hop3/hop3.toml',
        line: 2,
        path: 'build.bilder',
        message:
          'unknown key (allowed: builder, toolchain, before-build, build, after-build, packages, node-version, python-version, static-dir, system-site-packages); did you mean "builder"?',
      },
    ]);
    expect(error.message).toBe(
      'Invalid app configuration:\n' +
        '  Procfile:3: no ":" in "web gunicorn" (write "kind: command")\n' +
        '  hop3/hop3.toml:2: build.bilder: unknown key (allowed: builder, toolchain, before-build, build, after-build, packages, node-version, python-version, static-dir, system-site-packages); did you mean "builder"?',
    );
  });

  it('reports a TOML syntax error together with Procfile problems', async () => {
    await write('Procfile', 'Web: x\n');
    await write('hop3.toml', '[env\nA = 1\n');
    const error = await loadError(appDir);
    const problems = error.details.problems as Array<{ file: string; line?: number }>;
    expect(problems.map((problem) => [problem.file, problem.line])).toEqual([
      ['Procfile', 1],
      ['hop3.toml', 1],
    ]);
  });

  it('reports a config file that exists but cannot be read', async () => {
    await mkdir(join(appDir, 'hop3', 'Procfile'), { recursive: true });
    await write('hop3.toml', '[nope]\n');
    const error = await loadError(appDir);
    const problems = error.details.problems as Array<{ file: string; message: string }>;
    expect(problems).toHaveLength(2);
    expect(problems[0]?.file).toBe('hop3/Procfile');
    expect(problems[0]?.message).toMatch(/^cannot be read: EISDIR/);
    expect(problems[1]?.file).toBe('hop3.toml');
  });

  it('refuses an app dir that does not exist', async () => {
    const error = await loadError(join(appDir, 'missing'));
    expect(hasErrorCode(error, 'HOP3_INVALID_INPUT')).toBe(true);
    expect(error.message).toContain('missing');
  });

  it('gives the same result when loaded twice', async () => {
    await write('Procfile', 'web: node .\n');
    expect(await loadAppConfig(appDir)).toEqual(await loadAppConfig(appDir));
  });
});

describe('appConfigFromTexts', () => {
  it('builds a config from texts and records the given paths', () => {
    const config = appConfigFromTexts({
      procfile: { text: 'worker: w\n', source: 'Procfile', path: '/src/Procfile' },
      hop3Toml: { text: '[run]\nstart = "s"\n', source: 'hop3.toml' },
    });
    expect(config.workers).toEqual({ worker: 'w', web: 's' });
    expect(config.sources).toEqual(['/src/Procfile', 'hop3.toml']);
  });

  it('throws the same combined error as loadAppConfig', () => {
    expect(() => appConfigFromTexts({ procfile: { text: 'x\n', source: 'Procfile' } })).toThrow(
      'Invalid app configuration:\n  Procfile:1: no ":" in "x" (write "kind: command")',
    );
  });
});
