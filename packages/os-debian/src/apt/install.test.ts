import { describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import { DebianOS } from '../debian-os.js';
import { failure, fakeRunner, recordingLogger } from '@hop3/testkit';
import { dpkgReply } from '../test-support/dpkg-reply.js';
import { parseDpkgStatus } from './dpkg-status.js';

function setup(installed: string[], aptReply: { exitCode?: number; stderr?: string } = {}, options: { root?: boolean } = {}) {
  const fake = fakeRunner((command, args) => {
    if (command === 'dpkg-query') return dpkgReply(installed, args.slice(2));
    if (command === 'apt-get') return aptReply;
    return { exitCode: 127, stderr: `unexpected ${command}` };
  });
  const runtime = { layout: createLayout('/tmp/hop3-apt-test'), env: {}, log: recordingLogger() };
  const os = new DebianOS(runtime, { run: fake.run, isRoot: () => options.root ?? true, lockTimeoutSeconds: 5 });
  return { os, fake, apt: () => fake.calls.filter((c) => c.command === 'apt-get') };
}

describe('parseDpkgStatus', () => {
  it('counts only the status "installed"; unknown names are missing', () => {
    const stdout = 'nginx\tinstalled\nsl\tconfig-files\nfoo\tnot-installed\nbar\thalf-configured\nlibc6\tinstalled\nlibc6\tnot-installed';
    expect(parseDpkgStatus(stdout, ['nginx', 'sl', 'foo', 'bar', 'libc6', 'unknown', 'nginx'])).toEqual({
      missing: ['sl', 'foo', 'bar', 'unknown'],
      present: ['nginx', 'libc6'],
    });
  });
});

describe('package planning and installation', () => {
  it('asks dpkg once about all packages', async () => {
    const { os, fake } = setup(['nginx']);
    expect(await os.planPackages(['nginx', 'sl', 'cowsay'])).toEqual({ missing: ['sl', 'cowsay'], present: ['nginx'] });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.command).toBe('dpkg-query');
    expect(fake.calls[0]!.args).toEqual(['-W', '-f=${Package}\\t${db:Status-Status}\\n', 'nginx', 'sl', 'cowsay']);
    expect(fake.calls[0]!.options.allowFailure).toBe(true);
  });

  it('installs only the missing packages in one non-interactive apt-get call', async () => {
    const { os, fake, apt } = setup(['nginx', 'openssl']);
    const report = await os.installMissing(['nginx', 'sl', 'openssl', 'cowsay']);
    expect(fake.calls.map((c) => c.command)).toEqual(['dpkg-query', 'apt-get']);
    const install = apt()[0]!;
    expect(install.args.slice(0, 3)).toEqual(['install', '-y', '--no-install-recommends']);
    expect(install.args.slice(-2)).toEqual(['sl', 'cowsay']);
    expect(install.args).not.toContain('nginx');
    expect(install.args).toContain('DPkg::Lock::Timeout=5');
    expect(install.options.env?.DEBIAN_FRONTEND).toBe('noninteractive');
    expect(report).toMatchObject({ installed: ['sl', 'cowsay'], present: ['nginx', 'openssl'], updated: false });
    expect(report.commands.map((c) => c.command)).toEqual(['dpkg-query', 'apt-get']);
  });

  it('takes the lock timeout from HOP3_APT_LOCK_TIMEOUT, ignoring junk', async () => {
    for (const [value, expected] of [['7', 'DPkg::Lock::Timeout=7'], ['soon', 'DPkg::Lock::Timeout=60']] as const) {
      const fake = fakeRunner((command, args) => (command === 'dpkg-query' ? dpkgReply([], args.slice(2)) : {}));
      const runtime = { layout: createLayout('/tmp/x'), env: { HOP3_APT_LOCK_TIMEOUT: value }, log: recordingLogger() };
      await new DebianOS(runtime, { run: fake.run, isRoot: () => true }).ensurePackages(['sl']);
      expect(fake.calls.find((c) => c.command === 'apt-get')?.args).toContain(expected);
    }
  });

  it('runs apt-get update first when asked and something is missing', async () => {
    const { os, apt } = setup([]);
    const report = await os.installMissing(['sl'], { update: true });
    expect(apt().map((c) => c.args[0])).toEqual(['update', 'install']);
    expect(report.updated).toBe(true);
  });

  it('runs no apt command at all when nothing is missing, twice in a row, even without root', async () => {
    const { os, fake } = setup(['nginx', 'openssl'], {}, { root: false });
    await os.ensurePackages(['nginx', 'openssl'], { update: true });
    await os.ensurePackages(['nginx', 'openssl'], { update: true });
    expect(fake.calls.map((c) => c.command)).toEqual(['dpkg-query', 'dpkg-query']);
  });

  it('runs nothing for an empty list', async () => {
    const { os, fake } = setup([]);
    await os.ensurePackages([]);
    expect(fake.calls).toHaveLength(0);
  });

  it('refuses bad package names before running anything', async () => {
    const { os, fake } = setup([]);
    const error = await failure(os.ensurePackages(['nginx', '--force-yes', 'a b', 'X']));
    expect(error.code).toBe('HOP3_INVALID_INPUT');
    expect(error.message).toContain('"--force-yes", "a b", "X"');
    expect(fake.calls).toHaveLength(0);
  });

  it('says to use root or sudo, before calling apt, when not root', async () => {
    const { os, fake } = setup([], {}, { root: false });
    const error = await failure(os.ensurePackages(['sl']));
    expect(error.code).toBe('HOP3_NOT_ROOT');
    expect(error.message).toMatch(/run as root or with sudo/i);
    expect(fake.calls.map((c) => c.command)).toEqual(['dpkg-query']);
  });

  it('names the lock holder when apt is locked', async () => {
    const stderr =
      'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)\n' +
      'E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?';
    const { os } = setup([], { exitCode: 100, stderr });
    const error = await failure(os.ensurePackages(['sl']));
    expect(error.code).toBe('HOP3_OS_APT_LOCKED');
    expect(error.message).toContain('process 4242 (unattended-upgr)');
    expect(error.message).toContain('/var/lib/dpkg/lock-frontend');
    expect(error.message).toMatch(/retry/);
    expect(error.details.holderPid).toBe(4242);
  });

  it('reports a lock without a named holder', async () => {
    const { os } = setup([], { exitCode: 100, stderr: 'E: Could not get lock /var/lib/apt/lists/lock. Resource temporarily unavailable' });
    const error = await failure(os.ensurePackages(['sl'], { update: true }));
    expect(error.code).toBe('HOP3_OS_APT_LOCKED');
    expect(error.message).toContain('apt-get update');
    expect(error.message).toContain('/var/lib/apt/lists/lock');
    expect(error.message).toContain('another apt or dpkg process');
  });

  it('names an unknown package and suggests apt-get update', async () => {
    const { os } = setup([], { exitCode: 100, stderr: 'Reading package lists...\nE: Unable to locate package hop3-nope' });
    const error = await failure(os.ensurePackages(['hop3-nope']));
    expect(error.code).toBe('HOP3_OS_PACKAGE_NOT_FOUND');
    expect(error.message).toContain('hop3-nope');
    expect(error.message).toContain('apt-get update');
  });

  it('treats "no installation candidate" as an unknown package', async () => {
    const { os } = setup([], { exitCode: 100, stderr: "E: Package 'python' has no installation candidate" });
    const error = await failure(os.ensurePackages(['python']));
    expect(error.code).toBe('HOP3_OS_PACKAGE_NOT_FOUND');
    expect(error.details.unknown).toEqual(['python']);
  });

  it('recognises apt refusing a non-root user even when the root check was fooled', async () => {
    const stderr =
      'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n' +
      'E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?';
    const { os } = setup([], { exitCode: 100, stderr });
    const error = await failure(os.ensurePackages(['sl']));
    expect(error.code).toBe('HOP3_NOT_ROOT');
    expect(error.message).toMatch(/root or with sudo/);
  });

  it('keeps the tail of any other apt failure', async () => {
    const { os } = setup([], { exitCode: 100, stderr: 'W: _apt sandbox (13: Permission denied)\nE: Sub-process /usr/bin/dpkg returned an error code (1)' });
    const error = await failure(os.ensurePackages(['sl']));
    expect(error.code).toBe('HOP3_OS_APT_FAILED');
    expect(error.message).toContain('Sub-process /usr/bin/dpkg returned an error code (1)');
  });

  it('fails clearly when dpkg-query itself errors', async () => {
    const fake = fakeRunner(() => ({ exitCode: 2, stderr: 'dpkg-query: error: database is locked' }));
    const os = new DebianOS({ layout: createLayout('/tmp/x'), env: {}, log: recordingLogger() }, { run: fake.run });
    const error = await failure(os.planPackages(['sl']));
    expect(error.code).toBe('HOP3_OS_APT_FAILED');
    expect(error.message).toContain('database is locked');
  });
});
