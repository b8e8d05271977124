import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHop3 } from './support/hop3-runner.js';

const hop3 = (args: string[], cwd: string, env: Record<string, string> = {}) => runHop3(args, { cwd, env });

async function writePackage(root: string, name: string, manifest: object, entry: string): Promise<void> {
  const dir = join(root, 'node_modules', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', type: 'module', main: 'index.js', ...manifest }));
  await writeFile(join(dir, 'index.js'), entry);
}

const plugin = (name: string, hooks: string) => `export default { name: '${name}', apiVersion: 1, hooks: { ${hooks} } };\n`;
const builder = (name: string) => `getBuilders: () => [{ name: '${name}', create() { throw new Error('not used'); } }]`;

let tree: string;

beforeAll(async () => {
  tree = await mkdtemp(join(tmpdir(), 'hop3-cli-'));
  const hop3Field = { hop3: { apiVersion: 1 } };
  await writePackage(tree, 'hop3-plugin-good', hop3Field, plugin('hop3-plugin-good', builder('good-builder')));
  await writePackage(tree, '@acme/hop3-plugin-scoped', hop3Field, plugin('@acme/hop3-plugin-scoped', builder('scoped-builder')));
  await writePackage(tree, 'hop3-plugin-broken', hop3Field, "throw new Error('broken on import');\n");
  await writePackage(tree, 'hop3-plugin-future', { hop3: { apiVersion: 99 } }, plugin('hop3-plugin-future', builder('future')));
  await writePackage(tree, 'hop3-plugins-util', hop3Field, plugin('hop3-plugins-util', builder('util')));
  await mkdir(join(tree, 'app'), { recursive: true });
  await writeFile(join(tree, 'package.json'), JSON.stringify({ name: 'fixture', private: true }));
});

afterAll(() => rm(tree, { recursive: true, force: true }));

describe('hop3 binary', () => {
  it('prints help and version without loading plugins', async () => {
    const help = await hop3(['--help'], tree);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: hop3 <command>');
    const version = await hop3(['--version'], tree);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    // With --json (before or after), one JSON object.
    expect((await hop3(['--version', '--json'], tree)).json<{ version: string }>().version).toBe(version.stdout.trim());
    expect((await hop3(['--json', 'help'], tree)).json<{ help: string }>().help).toContain('Usage: hop3 <command>');
  });

  it('exits 2 on an unknown command and on a bad option', async () => {
    expect((await hop3(['frobnicate'], tree)).code).toBe(2);
    const bad = await hop3(['plugins', '--colour'], tree);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--colour'");
  });

  it('--json turns every error into one JSON object on stdout, with the documented exit code', async () => {
    const root = join(tree, 'root');
    await mkdir(join(tree, 'bad-toml'), { recursive: true });
    await writeFile(join(tree, 'bad-toml', 'hop3.toml'), '[build]\nbilder = "python"\n');
    const cases: { args: string[]; code: string; exit: number }[] = [
      { args: ['frobnicate', '--json'], code: 'HOP3_USAGE', exit: 2 },
      { args: ['--json', 'status', 'no-such-app'], code: 'HOP3_APP_NOT_FOUND', exit: 2 },
      { args: ['--json'], code: 'HOP3_USAGE', exit: 2 },
      { args: ['plugins', '--colour', '--json'], code: 'HOP3_USAGE', exit: 2 },
      { args: ['deploy', join(tree, 'bad-toml'), '--json'], code: 'HOP3_INVALID_CONFIG', exit: 2 },
      { args: ['status', 'no-such-app', '--json'], code: 'HOP3_APP_NOT_FOUND', exit: 2 },
    ];
    for (const { args, code, exit } of cases) {
      const result = await hop3(args, join(tree, 'app'), { HOP3_ROOT: root, HOP3_DISCOVER: '0' });
      const report = result.json<{ error: { code: string; message: string; details: Record<string, unknown> } }>();
      expect({ args, code: report.error.code, exit: result.code }).toEqual({ args, code, exit });
      expect(report.error.message).not.toBe('');
      expect(typeof report.error.details).toBe('object');
      expect(result.stderr).toContain(report.error.message.split('\n')[0]);
    }
    const invalid = await hop3(['deploy', join(tree, 'bad-toml'), '--json'], join(tree, 'app'), { HOP3_ROOT: root, HOP3_DISCOVER: '0' });
    expect(invalid.json<{ error: { details: { problems: { path: string }[] } } }>().error.details.problems[0]?.path).toBe('build.bilder');
  }, 60_000); // six runs of the binary: ~1 s each on a loaded 2-core machine

  it('plugins --json reports loaded, skipped and failed plugins of the tree and exits 0', async () => {
    const result = await hop3(['plugins', '--json'], join(tree, 'app'), { HOP3_ROOT: join(tree, 'root') });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      plugins: { name: string; version: string; strategies: Record<string, string[]> }[];
      skipped: { name: string; reason: string }[];
      failed: { name: string; phase: string; error: { message: string } }[];
    };
    const loaded = Object.fromEntries(report.plugins.map((p) => [p.name, p]));
    expect(loaded['hop3-plugin-good']?.strategies.builder).toEqual(['good-builder']);
    expect(loaded['hop3-plugin-good']?.version).toBe('1.2.3');
    expect(loaded['@acme/hop3-plugin-scoped']?.strategies.builder).toEqual(['scoped-builder']);
    // The CLI's own first-party plugins are always there.
    expect(loaded['hop3-plugin-proxy-nginx']?.strategies.proxy).toEqual(['nginx']);
    expect(Object.keys(loaded)).not.toContain('hop3-plugins-util');

    const failed = report.failed.find((f) => f.name === 'hop3-plugin-broken');
    expect(failed?.phase).toBe('import');
    expect(failed?.error.message).toContain('broken on import');
    const skipped = report.skipped.find((s) => s.name === 'hop3-plugin-future');
    expect(skipped?.reason).toMatch(/99/);
  });

  it('plugins prints a readable list without --json', async () => {
    const result = await hop3(['plugins'], join(tree, 'app'), { HOP3_ROOT: join(tree, 'root') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('hop3-plugin-good@1.2.3');
    expect(result.stdout).toMatch(/Failed:\n.*hop3-plugin-broken \[import\]/);
  });

  it('plugins --strict exits 1 when a plugin failed (scripts and CI), and 0 when none did', async () => {
    const strict = await hop3(['plugins', '--strict', '--json'], join(tree, 'app'), { HOP3_ROOT: join(tree, 'root') });
    expect(strict.code).toBe(1);
    expect(strict.json<{ failed: { name: string }[] }>().failed.map((f) => f.name)).toContain('hop3-plugin-broken');
    const clean = await hop3(['plugins', '--strict'], join(tree, 'app'), { HOP3_ROOT: join(tree, 'root'), HOP3_DISCOVER: '0' });
    expect(clean.code).toBe(0);
  }, 60_000); // two runs that import every plugin: ~2.5 s each on a loaded 2-core machine
});
