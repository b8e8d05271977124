import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import { runCommand } from '@hop3/kit';
import { DebianOS, planSetup, type CommandRunner, type SetupReport } from './index.js';
import { failure, recordingLogger } from '@hop3/testkit';

// These tests change the real system (a throwaway user, the `sl` package): they need root,
// which is how they run here and in CI. Without root they fail rather than skip.
const TINY_PACKAGE = 'sl';

/** The real runCommand, recording every program it runs. */
function recordingRunner() {
  const calls: string[][] = [];
  const run: CommandRunner = (command, args, options) => {
    calls.push([command, ...args]);
    return runCommand(command, args, options);
  };
  return { run, calls, programs: () => calls.map((c) => c[0]) };
}

let dir: string;
beforeAll(async () => {
  expect(process.getuid?.(), 'the os-debian integration tests must run as root').toBe(0);
  dir = await mkdtemp(join(tmpdir(), 'hop3-os-int-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function strategy(run: CommandRunner, root = join(dir, 'root')) {
  return new DebianOS({ layout: createLayout(root), env: {}, log: recordingLogger() }, { run });
}

describe('ensureUser on the real system', () => {
  const name = `hop3t${randomBytes(4).toString('hex')}`;
  let home: string;

  beforeAll(() => {
    home = join(dir, name);
  });
  afterAll(async () => {
    await runCommand('userdel', ['-r', name], { allowFailure: true });
    await runCommand('groupdel', [name], { allowFailure: true });
  });

  it('creates the group and the user', async () => {
    const report = await strategy(runCommand).ensureUserAccount(name, home, '/bin/sh', name);
    expect(report).toMatchObject({ createdGroup: true, createdUser: true });
    const passwd = await runCommand('getent', ['passwd', name]);
    expect(passwd.stdout.split(':').slice(5)).toEqual([home, '/bin/sh']);
    const group = await runCommand('getent', ['group', name]);
    expect(passwd.stdout.split(':')[3]).toBe(group.stdout.split(':')[2]);
    expect((await stat(home)).isDirectory()).toBe(true);
  });

  it('changes nothing when called again', async () => {
    const before = (await runCommand('getent', ['passwd', name])).stdout;
    const recorder = recordingRunner();
    await strategy(recorder.run).ensureUser(name, home, '/bin/sh', name);
    expect(recorder.programs()).toEqual(['getent', 'getent']);
    expect((await runCommand('getent', ['passwd', name])).stdout).toBe(before);
  });

  it('refuses an existing user with another home or shell', async () => {
    const recorder = recordingRunner();
    const error = await failure(strategy(recorder.run).ensureUser(name, join(dir, 'elsewhere'), '/bin/bash', name));
    expect(error.code).toBe('HOP3_OS_USER_MISMATCH');
    expect(error.message).toContain(`home is ${home}`);
    expect(error.message).toContain('shell is /bin/sh, expected /bin/bash');
    expect(recorder.programs()).not.toContain('useradd');
  });
});

describe('ensurePackages on the real system', () => {
  const status = async () =>
    (await runCommand('dpkg-query', ['-W', '-f=${db:Status-Status}', TINY_PACKAGE], { allowFailure: true })).stdout.trim();

  beforeAll(async () => {
    const policy = await runCommand('apt-cache', ['policy', TINY_PACKAGE]);
    if (!/Candidate: (?!\(none\))/.test(policy.stdout)) {
      await runCommand('apt-get', ['update'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    }
    if ((await status()) === 'installed') {
      await runCommand('apt-get', ['remove', '-y', TINY_PACKAGE], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    }
    expect(await status()).not.toBe('installed');
  });
  afterAll(async () => {
    await runCommand('apt-get', ['remove', '-y', TINY_PACKAGE], { env: { DEBIAN_FRONTEND: 'noninteractive' }, allowFailure: true });
  });

  it(`installs a missing package (${TINY_PACKAGE}) with one apt-get call`, async () => {
    const recorder = recordingRunner();
    await strategy(recorder.run).ensurePackages([TINY_PACKAGE, 'nginx']);
    expect(await status()).toBe('installed');
    const apt = recorder.calls.filter((c) => c[0] === 'apt-get');
    expect(apt).toHaveLength(1);
    expect(apt[0]!.slice(-1)).toEqual([TINY_PACKAGE]);
  });

  it('runs no apt command when everything is installed', async () => {
    const recorder = recordingRunner();
    await strategy(recorder.run).ensurePackages([TINY_PACKAGE, 'nginx'], { update: true });
    expect(recorder.programs()).toEqual(['dpkg-query']);
  });
});

describe('planSetup and setupServer on this machine', () => {
  it('plans without changing anything', async () => {
    const root = join(dir, 'plan-root');
    const plan = await planSetup({ runtime: { layout: createLayout(root), env: {}, log: recordingLogger() } });
    expect(plan.detection).toMatchObject({ detected: true, id: 'debian', osReleasePath: '/etc/os-release' });
    expect(plan.os).toMatch(/Debian/);
    expect(plan.user).toMatchObject({ action: 'skip' });
    expect(plan.packages.checked).toBe(true);
    expect(plan.packages.present).toContain('nginx');
    expect(plan.dirs).toHaveLength(11);
    expect(plan.dirs.every((d) => d.path.startsWith(root) && !d.exists)).toBe(true);
    await expect(stat(root)).rejects.toThrow();
  });

  it('sets up a private HOP3_ROOT twice, with no apt and no account commands', async () => {
    const root = join(dir, 'setup-root');
    const recorder = recordingRunner();
    const os = strategy(recorder.run, root);
    expect(await os.detect()).toBe(true);
    const first = (await os.setupServer({ groups: ['base', 'nginx'] })) as SetupReport;
    const second = (await os.setupServer({ groups: ['base', 'nginx'] })) as SetupReport;
    expect(first.dirs.every((d) => d.action === 'created')).toBe(true);
    expect(second.dirs.every((d) => d.action === 'unchanged')).toBe(true);
    expect(recorder.programs()).toEqual(['dpkg-query', 'dpkg-query']);
    expect(((await stat(join(root, 'backups'))).mode & 0o777).toString(8)).toBe('700');
  });
});
