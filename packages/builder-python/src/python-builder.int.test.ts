import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayout, emptyAppConfig, hasErrorCode, type DeploymentContext, type StrategyRuntime } from '@hop3/core';
import { runCommand } from '@hop3/kit';
import { PythonBuilder } from './python-builder.js';
import { failure } from '@hop3/testkit';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-wheel', import.meta.url));
const PYTHON = '/usr/bin/python3';

let root: string;
let runtime: StrategyRuntime;

function builderFor(appName: string, src: string): PythonBuilder {
  const context: DeploymentContext = { appName, sourcePath: src, appConfig: emptyAppConfig() };
  return new PythonBuilder(context, runtime);
}

async function stageApp(appName: string): Promise<string> {
  const src = createLayout(root).app(appName).src;
  await cp(EXAMPLE, src, { recursive: true });
  return src;
}


beforeAll(async () => {
  // A missing interpreter fails the run (here and in CI), with what to install.
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is required for this test: install python3 and python3-venv (hop3 setup --only python)`);
  root = await mkdtemp(join(tmpdir(), 'hop3-pybuild-'));
  runtime = {
    layout: createLayout(root),
    // No package index: the example installs from its own wheels dir.
    env: { HOP3_PYTHON: PYTHON, PIP_CONFIG_FILE: '/dev/null', PIP_NO_INDEX: '1' },
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
  };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('PythonBuilder (real venv and pip)', () => {
  it('builds the wheel example, then reuses the venv when nothing changed', async () => {
    const src = await stageApp('wheel');
    const builder = builderFor('wheel', src);
    expect(builder.accept()).toBe(true);
    const first = await builder.build();
    const venv = first.location;
    expect(venv.startsWith(join(createLayout(root).app('wheel').root, 'venvs', ''))).toBe(true);
    expect(first).toMatchObject({ kind: 'virtualenv', metadata: { reused: false, pythonVersion: expect.stringMatching(/^3\./), binDirs: [join(venv, 'bin')] } });
    const check = await runCommand(join(venv, 'bin', 'python'), ['-c', 'import hop3_greeting; print(hop3_greeting.greet("t"))'], { cwd: root });
    expect(check.stdout).toContain('Hello, t, from hop3-greeting 1.0.0!');

    const second = await builderFor('wheel', src).build();
    expect(second).toMatchObject({ location: venv, metadata: { reused: true, requirementsHash: first.metadata.requirementsHash } });
    expect(second.metadata.durationMs as number).toBeLessThan((first.metadata.durationMs as number) / 3);

    const log = await readFile(join(createLayout(root).app('wheel').log, 'build.log'), 'utf8');
    expect(log.match(/===== .* build of wheel with "python" =====/g)?.length).toBe(2);
    expect(log).toContain('Successfully installed hop3-greeting-1.0.0');
    expect(log).toContain('skipping pip install');
  });

  it("reports pip's output lines as progress while it installs", async () => {
    const src = await stageApp('progress');
    const lines: string[] = [];
    const watched: StrategyRuntime = { ...runtime, log: { ...runtime.log, progress: (line) => lines.push(line) } };
    await new PythonBuilder({ appName: 'progress', sourcePath: src, appConfig: emptyAppConfig() }, watched).build();
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^Installing collected packages: hop3-greeting/), expect.stringMatching(/^Successfully installed hop3-greeting-1\.0\.0/)]));
  });

  it('[build] system-site-packages lets the venv use Debian\'s python3-* packages, without an index', async () => {
    // python3-yaml: Debian's PyYAML (pulled in by the docker group's docker-compose, or apt-get install python3-yaml).
    if (!existsSync('/usr/lib/python3/dist-packages/yaml')) throw new Error('this test needs python3-yaml: apt-get install python3-yaml');
    const src = createLayout(root).app('system').src;
    await cp(EXAMPLE, src, { recursive: true });
    await writeFile(join(src, 'requirements.txt'), 'PyYAML\n');
    const withSystem = (on: boolean): PythonBuilder =>
      new PythonBuilder({ appName: 'system', sourcePath: src, appConfig: { ...emptyAppConfig(), build: { packages: [], systemSitePackages: on } } }, runtime);

    // Without the option pip has no index to get PyYAML from.
    expect(hasErrorCode(await failure(withSystem(false).build()), 'HOP3_PYTHON_PIP_FAILED')).toBe(true);

    const artifact = await withSystem(true).build();
    expect(artifact.metadata).toMatchObject({ reused: false, systemSitePackages: true });
    const venvPython = join(artifact.location, 'bin', 'python');
    const check = await runCommand(venvPython, ['-c', 'import yaml; print(yaml.safe_load("a: 1")["a"])']);
    expect(check.stdout).toBe('1');
    expect((await withSystem(true).build()).metadata.reused).toBe(true);

    // Switching the option either way makes another venv; the first one is left as it was.
    await writeFile(join(src, 'requirements.txt'), '# nothing\n');
    const without = await builderFor('system', src).build();
    expect(without.metadata.reused).toBe(false);
    expect((await runCommand(join(without.location, 'bin', 'python'), ['-c', 'import yaml'], { allowFailure: true })).exitCode).not.toBe(0);
    expect((await withSystem(true).build()).metadata.reused).toBe(false);
    expect((await withSystem(true).build()).metadata.reused).toBe(true);
    expect((await runCommand(venvPython, ['-c', 'import yaml'])).exitCode).toBe(0);
  });

  it('installs changed requirements into a new venv and never touches the one a release may still run', async () => {
    const src = createLayout(root).app('wheel').src;
    const before = await builderFor('wheel', src).build();
    const stamp = await stat(join(before.location, '.hop3-build.json'));
    await writeFile(join(src, 'requirements.txt'), '--no-index\n--find-links ./wheels\nhop3-greeting>=1.0\n');
    const artifact = await builderFor('wheel', src).build();
    expect(artifact.metadata.reused).toBe(false);
    expect(artifact.location).not.toBe(before.location);
    expect((await stat(join(before.location, '.hop3-build.json'))).mtimeMs).toBe(stamp.mtimeMs);
    expect((await runCommand(join(before.location, 'bin', 'python'), ['-c', 'import hop3_greeting'])).exitCode).toBe(0);
    // Back to the first requirements: their venv is reused as it is.
    await cp(join(EXAMPLE, 'requirements.txt'), join(src, 'requirements.txt'));
    expect(await builderFor('wheel', src).build()).toMatchObject({ location: before.location, metadata: { reused: true } });
  });

  it('runs no pip for a requirements.txt that lists nothing (a stdlib-only app)', async () => {
    const src = createLayout(root).app('stdlib').src;
    await cp(EXAMPLE, src, { recursive: true });
    await writeFile(join(src, 'requirements.txt'), '# standard library only\n\n');
    const first = await builderFor('stdlib', src).build();
    expect(first.metadata.reused).toBe(false);
    const log = await readFile(join(createLayout(root).app('stdlib').log, 'build.log'), 'utf8');
    expect(log).toContain('lists nothing to install');
    expect(log).not.toContain('Installing dependencies');
    const second = await builderFor('stdlib', src).build();
    expect(second.metadata.reused).toBe(true);
  });

  it('deletes and rebuilds a broken venv', async () => {
    const paths = createLayout(root).app('wheel');
    const built = await builderFor('wheel', paths.src).build();
    const python = join(built.location, 'bin', 'python');
    await rm(python, { force: true });
    await symlink('/nonexistent/python3', python);
    const artifact = await builderFor('wheel', paths.src).build();
    expect(artifact).toMatchObject({ location: built.location, metadata: { reused: false } });
    const check = await runCommand(python, ['-c', 'import hop3_greeting']);
    expect(check.exitCode).toBe(0);
  });

  it('turns a failed pip into a coded error that shows pip\'s error and the log file', async () => {
    const src = await stageApp('broken');
    await writeFile(join(src, 'requirements.txt'), '--no-index\n--find-links ./wheels\nhop3-no-such-package==9.9\n');
    const error = await failure(builderFor('broken', src).build());
    expect(hasErrorCode(error, 'HOP3_PYTHON_PIP_FAILED')).toBe(true);
    expect(error.message).toContain('ERROR: No matching distribution found for hop3-no-such-package==9.9');
    expect(error.message).toContain(join(createLayout(root).app('broken').log, 'build.log'));
    // The failed build leaves no half-built venv behind; the next build starts afresh.
    const venvs = join(createLayout(root).app('broken').root, 'venvs');
    expect(await readdir(venvs)).toEqual([]);
    await writeFile(join(src, 'requirements.txt'), '# nothing\n');
    const fixed = await builderFor('broken', src).build();
    expect(await readdir(venvs)).toEqual([basename(fixed.location)]);
  });

  it('refuses a [build] python-version the server\'s interpreter is not, before touching the venv', async () => {
    const src = createLayout(root).app('wheel').src;
    const context: DeploymentContext = { appName: 'pinned', sourcePath: src, appConfig: { ...emptyAppConfig(), build: { packages: [], pythonVersion: '2.7' } } };
    const error = await failure(new PythonBuilder(context, runtime).build());
    expect(hasErrorCode(error, 'HOP3_PYTHON_VERSION_MISMATCH')).toBe(true);
    expect(error.message).toContain('2.7');
    expect(existsSync(join(createLayout(root).app('pinned').root, 'venvs'))).toBe(false);
  });

  it('declines a source without requirements.txt or pyproject.toml, saying what it looked for', async () => {
    const empty = await mkdtemp(join(root, 'empty-'));
    const builder = builderFor('empty', empty);
    expect(builder.accept()).toBe(false);
    expect(builder.rejectionReason).toContain('requirements.txt or pyproject.toml');
  });
});
