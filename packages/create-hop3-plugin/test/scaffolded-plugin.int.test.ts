import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, requirePrograms, type TempDir } from '@hop3/testkit';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const CREATE_BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const HOP3_BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));

// A publisher's path, outside the repository: scaffold with the built command, install the
// local @hop3/core, @hop3/kit and @hop3/testkit as packed tarballs (what npm would download),
// build, run the generated tests, then `hop3 plugins install` it as its README says.
describe('a scaffolded plugin (outside the repo, local packages as tarballs)', () => {
  let tmp: TempDir;
  let plugin: string;

  beforeAll(async () => {
    requirePrograms(['npm']);
    for (const bin of [CREATE_BIN, HOP3_BIN]) if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npm run build" (npm test builds first)`);
    tmp = await createTempDir('hop3-scaffold-');
    expect(tmp.path.startsWith(REPO)).toBe(false);
    await mkdir(tmp.join('tarballs'));
    await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp.join('tarballs'), '-w', '@hop3/core', '-w', '@hop3/kit', '-w', '@hop3/testkit'], { cwd: REPO });
    await run(process.execPath, [CREATE_BIN, 'static-pages', '--kind', 'builder,deployer,addon'], { cwd: tmp.path });
    plugin = tmp.join('static-pages');
  }, 120_000);

  afterAll(async () => tmp?.cleanup());

  it('installs, builds and passes its own conformance tests without edits', async () => {
    const tarballs = readdirSync(tmp.join('tarballs')).map((name) => tmp.join('tarballs', name));
    // --no-save: package.json stays as generated (its ^0.1.0 ranges are met by the tarballs).
    await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...tarballs], { cwd: plugin, timeout: 300_000 });
    await run('npm', ['run', 'build'], { cwd: plugin });
    expect(existsSync(`${plugin}/dist/index.js`)).toBe(true);
    const test = await run('npm', ['test'], { cwd: plugin, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    expect(test.stdout).toMatch(/Tests\s+16 passed/);
  }, 360_000);

  it('installs with hop3 plugins install and is listed from any directory', async () => {
    const env = { ...process.env, HOP3_ROOT: tmp.join('root') };
    await run(process.execPath, [HOP3_BIN, 'plugins', 'install', plugin], { cwd: tmp.path, env, timeout: 300_000 });
    const { stdout } = await run(process.execPath, [HOP3_BIN, 'plugins', '--json'], { cwd: '/', env });
    const report = JSON.parse(stdout) as { plugins: Array<{ name: string; strategies: Record<string, string[]> }>; failed: unknown[] };
    expect(report.failed).toEqual([]);
    expect(report.plugins.find((p) => p.name === 'hop3-plugin-static-pages')?.strategies).toMatchObject({
      builder: ['static-pages'],
      deployer: ['static-pages'],
      addon: ['static-pages'],
    });
  }, 360_000);
});
