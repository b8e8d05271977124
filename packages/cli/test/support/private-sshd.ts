import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort, waitForPort } from '@hop3/kit';

const run = promisify(execFile);

/** A real sshd of a test's own: loopback port, throwaway host key, client key and user. */
export interface PrivateSshd {
  port: number;
  user: string;
  uid: number;
  gid: number;
  /** The user's home (0700, theirs): HOP3_ROOT and ~/.ssh/authorized_keys live in it. */
  home: string;
  /** The client's public key file (for `hop3 ssh-keys add`). */
  clientPublicKey: string;
  /** `ssh` with the client key and the pinned host key, as GIT_SSH_COMMAND takes it (no quoting needed). */
  sshCommand: string;
  /** `user@127.0.0.1` */
  target: string;
  /** Run `ssh -p port user@127.0.0.1 <words>` as the client; never throws on a non-zero exit. */
  ssh(words: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

/**
 * Start sshd (openssh-server, installed by `hop3 setup`'s `ssh` group) on a free loopback port
 * for a throwaway user created for the test (login shell /bin/sh, no password, removed by stop()).
 * `sessionEnv` is set in every session (sshd's SetEnv): the test's private HOP3_* settings.
 */
export async function startPrivateSshd(sessionEnv: Record<string, string>): Promise<PrivateSshd> {
  const base = await mkdtemp(join(tmpdir(), 'hop3-sshd-'));
  await chmod(base, 0o711); // the user reaches their home below it, and nothing else here
  const user = `h3ssh${randomBytes(4).toString('hex')}`;
  const home = join(base, 'home');
  await run('useradd', ['--home-dir', home, '--create-home', '--shell', '/bin/sh', '--user-group', user]);
  await run('usermod', ['--password', '*', user]); // no password, but not locked: key logins only
  const uid = Number((await run('id', ['-u', user])).stdout.trim());
  const gid = Number((await run('id', ['-g', user])).stdout.trim());
  await chmod(home, 0o700);

  const hostKey = join(base, 'host_key');
  const clientKey = join(base, 'client_key');
  for (const key of [hostKey, clientKey]) await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'hop3-test', '-f', key]);
  const clientPublicKey = join(home, 'client_key.pub');
  await writeFile(clientPublicKey, await readFile(`${clientKey}.pub`));
  await chown(clientPublicKey, uid, gid);

  const port = await findFreePort();
  const knownHosts = join(base, 'known_hosts');
  await writeFile(knownHosts, `[127.0.0.1]:${port} ${(await readFile(`${hostKey}.pub`, 'utf8')).trim()}\n`);
  const config = join(base, 'sshd_config');
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(base, 'sshd.pid')}`,
      'AuthorizedKeysFile .ssh/authorized_keys',
      'StrictModes yes',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin no',
      `AllowUsers ${user}`,
      `SetEnv ${Object.entries(sessionEnv).map(([k, v]) => `${k}=${v}`).join(' ')}`,
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation dir
  const log = join(base, 'sshd.log');
  const daemon: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  daemon.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  await waitForPort(port, { host: '127.0.0.1', timeoutMs: 15_000 }).catch((error: unknown) => {
    throw new Error(`sshd did not start: ${lines.join('')} ${(error as Error).message}`);
  });

  const sshArgs = ['-i', clientKey, '-p', String(port), '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'LogLevel=ERROR'];
  const target = `${user}@127.0.0.1`;
  return {
    port,
    user,
    uid,
    gid,
    home,
    clientPublicKey,
    target,
    sshCommand: ['ssh', ...sshArgs.filter((a) => !['-p', String(port)].includes(a))].join(' '),
    ssh: (words) =>
      new Promise((resolve) => {
        execFile('ssh', [...sshArgs, target, ...words], { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 255) : 0;
          resolve({ code, stdout, stderr });
        });
      }),
    async stop() {
      daemon.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      await writeFile(log, lines.join('')).catch(() => undefined);
      await run('userdel', [user]).catch(() => undefined);
      await rm(base, { recursive: true, force: true });
    },
  };
}
