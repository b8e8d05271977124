import { mkdtemp, mkdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import { DebianOS } from '../debian-os.js';
import { failure, fakeRunner, recordingLogger } from '@hop3/testkit';
import { dpkgReply } from '../test-support/dpkg-reply.js';
import type { SetupReport } from './setup-server.js';

const DEBIAN_12 = fileURLToPath(new URL('../test-fixtures/debian-12', import.meta.url));
const FEDORA = fileURLToPath(new URL('../test-fixtures/fedora-40', import.meta.url));
const UID = process.getuid?.() ?? 0;
const GID = process.getgid?.() ?? 0;
const SUBDIRS = ['apps', 'nginx', 'uwsgi', 'uwsgi/enabled', 'uwsgi/available', 'addons', 'backups', 'certs', 'run', 'cache'];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-os-setup-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fake system: dpkg knows `installed`; useradd really "creates" the account (as the current uid). */
function fakeSystem(installed: string[], options: { env?: Record<string, string>; root?: boolean; osRelease?: string } = {}) {
  const users: Record<string, string> = {};
  const groups: Record<string, string> = { 'www-data': `www-data:x:${GID}:` };
  const fake = fakeRunner((command, args) => {
    if (command === 'dpkg-query') return dpkgReply(installed, args.slice(2));
    if (command === 'getent') {
      const line = (args[0] === 'passwd' ? users : groups)[args[1]!];
      return line === undefined ? { exitCode: 2 } : { stdout: line };
    }
    if (command === 'useradd') {
      const [home, shell, name] = [args[2]!, args[4]!, args.at(-1)!];
      users[name] = `${name}:x:${UID}:${GID}::${home}:${shell}`;
    }
    return {};
  });
  const memory = recordingLogger();
  const root = join(dir, 'hop3');
  const os = new DebianOS(
    { layout: createLayout(root), env: options.env ?? {}, log: memory },
    { run: fake.run, isRoot: () => options.root ?? true, osReleasePath: options.osRelease ?? DEBIAN_12 },
  );
  return { os, fake, root, logs: memory.lines };
}

const modeOf = async (path: string) => ((await stat(path)).mode & 0o7777).toString(8);

describe('setupServer with a private HOP3_ROOT', () => {
  it('installs the missing packages, skips the user, and creates the directories with their modes', async () => {
    const { os, fake, root } = fakeSystem(['nginx', 'openssl']);
    const report = (await os.setupServer({ groups: ['nginx', 'redis'] })) as SetupReport;
    expect(fake.calls.filter((c) => c.command === 'apt-get').map((c) => c.args[0])).toEqual(['update', 'install']);
    expect(report.packages.installed).toEqual(['redis-server']);
    expect(report.user).toMatchObject({ action: 'skip' });
    expect(fake.calls.some((c) => c.command === 'useradd')).toBe(false);
    expect(await modeOf(root)).toBe('750');
    for (const sub of SUBDIRS) {
      expect(await modeOf(join(root, sub))).toBe(sub === 'addons' || sub === 'backups' || sub.startsWith('uwsgi') ? '700' : '755');
    }
    expect(report.dirs.every((d) => d.action === 'created')).toBe(true);
  });

  it('is idempotent: a second run changes nothing and runs no apt', async () => {
    const { os, fake } = fakeSystem(['nginx', 'openssl']);
    await os.setupServer({ groups: ['nginx'] });
    const second = (await os.setupServer({ groups: ['nginx'] })) as SetupReport;
    expect(second.dirs.map((d) => d.action)).toEqual(Array(11).fill('unchanged'));
    expect(fake.calls.filter((c) => c.command === 'apt-get')).toHaveLength(0);
  });

  it('repairs a wrong mode', async () => {
    const { os, root } = fakeSystem(['nginx', 'openssl']);
    await mkdir(join(root, 'backups'), { recursive: true, mode: 0o777 });
    const report = (await os.setupServer({ groups: ['nginx'] })) as SetupReport;
    expect(report.dirs.find((d) => d.path.endsWith('backups'))?.action).toBe('fixed');
    expect(await modeOf(join(root, 'backups'))).toBe('700');
  });

  it('leaves a symlinked directory alone, with a warning', async () => {
    const { os, root, logs } = fakeSystem(['nginx', 'openssl']);
    await mkdir(root, { recursive: true });
    await mkdir(join(dir, 'elsewhere'), { mode: 0o750 });
    await symlink(join(dir, 'elsewhere'), join(root, 'cache'));
    const report = (await os.setupServer({ groups: ['nginx'] })) as SetupReport;
    expect(report.dirs.find((d) => d.path.endsWith('cache'))?.action).toBe('symlink-skipped');
    expect(await modeOf(join(dir, 'elsewhere'))).toBe('750');
    expect(logs.join('\n')).toContain('symbolic link');
  });

  it('reports a file where a directory should be', async () => {
    const { os, root } = fakeSystem(['nginx', 'openssl']);
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'run'), 'not a dir');
    const error = await failure(os.setupServer({ groups: ['nginx'] }));
    expect(error.code).toBe('HOP3_OS_SETUP_FAILED');
    expect(error.message).toContain(`${join(root, 'run')} exists but is not a directory`);
  });

  it('rejects unknown package groups before doing anything', async () => {
    const { os, fake, root } = fakeSystem([]);
    const error = await failure(os.setupServer({ groups: ['nginx', 'mongodb'] }));
    expect(error.code).toBe('HOP3_INVALID_INPUT');
    expect(error.message).toContain('mongodb');
    expect(error.message).toContain('base, nginx, uwsgi, python, postgres, redis, docker, ssh');
    expect(fake.calls).toHaveLength(0);
    await expect(stat(root)).rejects.toThrow();
  });

  it('takes its groups from HOP3_OS_PACKAGE_GROUPS, and all groups by default', async () => {
    const fromEnv = fakeSystem([], { env: { HOP3_OS_PACKAGE_GROUPS: 'base, python' } });
    expect((await fromEnv.os.planSetup()).packages.missing).toEqual(['ca-certificates', 'procps', 'git', 'python3', 'python3-venv']);
    const all = fakeSystem([]);
    expect((await all.os.planSetup()).packages.groups).toEqual(['base', 'nginx', 'uwsgi', 'python', 'postgres', 'redis', 'docker', 'ssh']);
  });
});

describe('setupServer with a service user (HOP3_USER)', () => {
  it('creates the user with HOP3_ROOT as home, then owns the directories; twice is a no-op', async () => {
    const { os, fake, root } = fakeSystem(['git'], { env: { HOP3_USER: 'hop3test', HOP3_OS_PACKAGE_GROUPS: 'base' } });
    const first = (await os.setupServer()) as SetupReport;
    expect(first.commands.map((c) => c.command)).toEqual(['dpkg-query', 'apt-get', 'apt-get', 'useradd']);
    expect(fake.calls.find((c) => c.command === 'useradd')?.args).toEqual(['-m', '-d', root, '-s', '/bin/bash', '-g', 'www-data', 'hop3test']);
    const second = (await os.setupServer()) as SetupReport;
    expect(second.user).toMatchObject({ createdUser: false, createdGroup: false });
    expect(fake.calls.filter((c) => c.command === 'useradd')).toHaveLength(1);
  });
});

describe('planSetup / dryRun', () => {
  it('describes the work without changing anything, even without root', async () => {
    const { os, fake, root } = fakeSystem(['nginx'], { root: false, env: { HOP3_USER: 'hop3test' } });
    const result = await os.setupServer({ dryRun: true, groups: ['nginx'] });
    expect(result.dryRun).toBe(true);
    const plan = result.dryRun ? result.plan : undefined;
    expect(plan).toMatchObject({
      os: 'Debian GNU/Linux 12 (bookworm)',
      detection: { detected: true, id: 'debian', versionId: '12', strategy: 'debian' },
      runningAsRoot: false,
      user: { user: 'hop3test', home: root, action: 'create', groupExists: true },
      packages: { missing: ['openssl'], present: ['nginx'], checked: true },
      owner: 'hop3test:www-data',
    });
    expect(plan?.dirs.map((d) => [d.path.slice(root.length), d.mode, d.exists])).toEqual([
      ['', '0750', false], // group www-data: a system nginx reaches static files and sockets; others do not
      ...SUBDIRS.map((s) => [`/${s}`, s === 'addons' || s === 'backups' || s.startsWith('uwsgi') ? '0700' : '0755', false]),
    ]);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(fake.calls.map((c) => c.command).filter((c) => c !== 'dpkg-query' && c !== 'getent')).toEqual([]);
    await expect(stat(root)).rejects.toThrow();
  });

  it('does not ask dpkg on a system it does not handle', async () => {
    const { os, fake } = fakeSystem([], { osRelease: FEDORA });
    const plan = await os.planSetup({ groups: ['redis'] });
    expect(plan.detection.detected).toBe(false);
    expect(plan.packages).toEqual({ groups: ['redis'], missing: ['redis-server'], present: [], checked: false });
    expect(fake.calls.some((c) => c.command === 'dpkg-query')).toBe(false);
  });
});
