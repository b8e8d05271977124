import { describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import { DebianOS } from '../debian-os.js';
import { failure, fakeRunner, recordingLogger } from '@hop3/testkit';
import { parseGroupLine, parsePasswdLine } from './getent.js';

interface Accounts {
  users: Record<string, string>;
  groups: Record<string, string>;
}

function setup(accounts: Accounts, options: { root?: boolean } = {}) {
  const fake = fakeRunner((command, args) => {
    if (command === 'getent') {
      const line = (args[0] === 'passwd' ? accounts.users : accounts.groups)[args[1]!];
      return line === undefined ? { exitCode: 2 } : { stdout: line };
    }
    return {};
  });
  const memory = recordingLogger();
  const os = new DebianOS({ layout: createLayout('/tmp/x'), env: {}, log: memory }, { run: fake.run, isRoot: () => options.root ?? true });
  const changes = () => fake.calls.filter((c) => c.command !== 'getent').map((c) => [c.command, ...c.args].join(' '));
  return { os, fake, changes, logs: memory.lines };
}

const HOP3 = 'hop3:x:1001:33::/home/hop3:/bin/bash';
const WWW = 'www-data:x:33:';

describe('getent parsing', () => {
  it('parses passwd and group lines', () => {
    expect(parsePasswdLine(HOP3)).toEqual({ name: 'hop3', uid: 1001, gid: 33, home: '/home/hop3', shell: '/bin/bash' });
    expect(parseGroupLine('docker:x:998:hop3,alice')).toEqual({ name: 'docker', gid: 998, members: ['hop3', 'alice'] });
    expect(parsePasswdLine('garbage')).toBeUndefined();
  });
});

describe('ensureUser', () => {
  it('creates the user with useradd -m -d -s -g when missing (group exists)', async () => {
    const { os, changes } = setup({ users: {}, groups: { 'www-data': WWW } });
    const report = await os.ensureUserAccount('hop3', '/home/hop3', '/bin/bash', 'www-data');
    expect(changes()).toEqual(['useradd -m -d /home/hop3 -s /bin/bash -g www-data hop3']);
    expect(report).toMatchObject({ createdUser: true, createdGroup: false });
  });

  it('creates a missing group first', async () => {
    const { os, changes } = setup({ users: {}, groups: {} });
    await os.ensureUser('hop3', '/home/hop3', '/bin/bash', 'hop3');
    expect(changes()).toEqual(['groupadd hop3', 'useradd -m -d /home/hop3 -s /bin/bash -g hop3 hop3']);
  });

  it('is a no-op (twice, without root) when the user exists with the same home and shell', async () => {
    const { os, changes } = setup({ users: { hop3: HOP3 }, groups: { 'www-data': WWW } }, { root: false });
    await os.ensureUser('hop3', '/home/hop3', '/bin/bash', 'www-data');
    await os.ensureUser('hop3', '/home/hop3', '/bin/bash', 'www-data');
    expect(changes()).toEqual([]);
  });

  it('only warns when the primary group differs', async () => {
    const { os, changes, logs } = setup({ users: { hop3: HOP3 }, groups: { hop3: 'hop3:x:1001:' } });
    await os.ensureUser('hop3', '/home/hop3', '/bin/bash', 'hop3');
    expect(changes()).toEqual([]);
    expect(logs.join('\n')).toContain('usermod -g hop3 hop3');
  });

  it('fails with HOP3_OS_USER_MISMATCH saying what differs and how to fix it', async () => {
    const { os, changes } = setup({ users: { hop3: 'hop3:x:1001:33::/var/lib/hop3:/usr/sbin/nologin' }, groups: { 'www-data': WWW } });
    const error = await failure(os.ensureUser('hop3', '/home/hop3', '/bin/bash', 'www-data'));
    expect(error.code).toBe('HOP3_OS_USER_MISMATCH');
    expect(error.message).toContain('home is /var/lib/hop3, expected /home/hop3');
    expect(error.message).toContain('shell is /usr/sbin/nologin, expected /bin/bash');
    expect(error.message).toContain('usermod -d /home/hop3 -m hop3');
    expect(error.message).toContain('usermod -s /bin/bash hop3');
    expect(error.details.actual).toEqual({ home: '/var/lib/hop3', shell: '/usr/sbin/nologin' });
    expect(changes()).toEqual([]);
  });

  it('refuses bad names and paths before running anything', async () => {
    const { os, fake } = setup({ users: {}, groups: {} });
    const cases: [string, string, string, string][] = [
      ['Hop3', '/home/hop3', '/bin/bash', 'www-data'],
      ['-rf', '/home/hop3', '/bin/bash', 'www-data'],
      ['hop3', 'home/hop3', '/bin/bash', 'www-data'],
      ['hop3', '/home/../etc', '/bin/bash', 'www-data'],
      ['hop3', '/home/hop3', '/bin/bash:x', 'www-data'],
      ['hop3', '/home/hop3', '/bin/bash', 'www data'],
    ];
    for (const args of cases) {
      const error = await failure(os.ensureUser(...args));
      expect(error.code).toBe('HOP3_INVALID_INPUT');
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('needs root to create, and says so', async () => {
    const { os, changes } = setup({ users: {}, groups: { 'www-data': WWW } }, { root: false });
    const error = await failure(os.ensureUser('hop3', '/home/hop3', '/bin/bash', 'www-data'));
    expect(error.code).toBe('HOP3_NOT_ROOT');
    expect(error.message).toMatch(/root or with sudo/);
    expect(changes()).toEqual([]);
  });
});
