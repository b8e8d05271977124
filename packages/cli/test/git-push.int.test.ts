// End to end: `git push` deploys — over SSH through a real sshd (openssh-server) on a loopback
// port with a throwaway host key, client key and user, and to a local path. A failed deploy
// rejects the push; keys run hop3 and git for app repositories only.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@hop3/kit';
import { httpGet } from './support/http-get.js';
import { runHop3 } from './support/hop3-runner.js';
import { requirePrograms } from './support/programs.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';
import { startPrivateSshd, type PrivateSshd } from './support/private-sshd.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-wsgi', import.meta.url));

let sshd: PrivateSshd;
let root: string;
let work: string;
let httpPort: number;
let sessionEnv: Record<string, string>;

/** hop3 on the server, as the throwaway user (what `hop3` is for the hop3 user there). */
const server = (...args: string[]) =>
  runHop3(args, { uid: sshd.uid, gid: sshd.gid, cwd: sshd.home, env: { ...sessionEnv, HOME: sshd.home, HOP3_ROOT: root } });

/** git on the developer's machine (this test, as root), through the test's ssh. */
function git(args: readonly string[], cwd = join(work, 'app')): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', [...args], { cwd, env: { ...process.env, GIT_SSH_COMMAND: sshd.sshCommand, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0, stdout, stderr });
    });
  });
}

const remote = () => `ssh://${sshd.target}:${sshd.port}/demo`;
const get = () => httpGet(httpPort, 'demo.localhost');

async function commit(message: string, change: (dir: string) => Promise<void>): Promise<string> {
  await change(join(work, 'app'));
  expect((await git(['add', '-A'])).code).toBe(0);
  expect((await git(['commit', '-q', '-m', message])).code).toBe(0);
  return (await git(['rev-parse', 'HEAD'])).stdout.trim();
}

const setBody = (text: string) => async (dir: string) => {
  const source = await readFile(join(EXAMPLE, 'app.py'), 'utf8');
  await writeFile(join(dir, 'app.py'), source.replace('Hello from Hop3!', text));
};

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3', 'git', 'ssh', 'ssh-keygen', 'sshd');
  httpPort = await findFreePort();
  sessionEnv = {
    HOP3_HTTP_PORT: String(httpPort),
    HOP3_HTTPS_PORT: String(await findFreePort()),
    HOP3_DISCOVER: '0',
    HOP3_START_TIMEOUT: '20',
    PIP_CONFIG_FILE: '/dev/null',
    PIP_NO_INDEX: '1',
  };
  sshd = await startPrivateSshd(sessionEnv);
  root = join(sshd.home, 'hop3');
  work = await mkdtemp(join(tmpdir(), 'hop3-push-client-'));
  await cp(EXAMPLE, join(work, 'app'), { recursive: true });
  expect((await git(['init', '-q', '-b', 'main'])).code).toBe(0);
  await commit('first', async () => undefined);
});

afterAll(async () => {
  if (sshd !== undefined) {
    await server('destroy', 'demo', '--yes').catch(() => undefined);
    await server('server', 'stop').catch(() => undefined);
    await sshd.stop();
  }
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('git push to a local path (no SSH)', () => {
  let local: PrivateHop3;

  beforeAll(async () => {
    local = await createPrivateHop3({ name: 'localpush', startTimeout: 20 });
  });

  afterAll(() => local?.close());

  it('the first push (through hop3 git-receive-pack) creates the app and deploys it, submodules checked out; later plain pushes deploy too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hop3-localpush-'));
    try {
      // A submodule from a local repository: file:// submodules need git's protocol.file.allow
      // (default "user"). A global config of the test's own reaches the hook's checkout too.
      await writeFile(join(dir, 'gitconfig'), '[protocol "file"]\n\tallow = always\n');
      const fileProtocol = { GIT_CONFIG_GLOBAL: join(dir, 'gitconfig') };
      const inDir = (args: string[], cwd: string) => new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile('git', args, { cwd, env: { ...process.env, ...local.env, ...fileProtocol, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }, timeout: 300_000 }, (error, _out, stderr) => resolve({ code: error ? 1 : 0, stderr }));
      });
      await cp(EXAMPLE, join(dir, 'sub'), { recursive: true });
      await writeFile(join(dir, 'sub', 'MESSAGE'), 'from a submodule\n');
      for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', 'sub']]) expect((await inDir(args, join(dir, 'sub'))).code).toBe(0);
      await cp(EXAMPLE, join(dir, 'app'), { recursive: true });
      for (const args of [['init', '-q', '-b', 'main'], ['submodule', 'add', '-q', join(dir, 'sub'), 'vendor'], ['add', '-A'], ['commit', '-q', '-m', 'app']]) {
        const step = await inDir(args, join(dir, 'app'));
        expect(step.code, `${args.join(' ')}: ${step.stderr}`).toBe(0);
      }
      const repo = join(local.root, 'repos', 'pushed.git');
      const receivePack = `${process.execPath} ${fileURLToPath(new URL('../dist/bin.js', import.meta.url))} git-receive-pack`;
      const first = await inDir(['push', `--receive-pack=${receivePack}`, repo, 'main'], join(dir, 'app'));
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toContain('remote: Deployed pushed (release 1');
      expect((await local.get('pushed.localhost')).body).toContain('Hello from Hop3!');
      expect(await readFile(join(local.root, 'apps', 'pushed', 'src', 'vendor', 'MESSAGE'), 'utf8')).toBe('from a submodule\n');

      await setBody('Pushed to a path!')(join(dir, 'app'));
      expect((await inDir(['commit', '-qam', 'change'], join(dir, 'app'))).code).toBe(0);
      const second = await inDir(['push', repo, 'main'], join(dir, 'app'));
      expect(second.code, second.stderr).toBe(0);
      expect((await local.get('pushed.localhost')).body).toContain('Pushed to a path!');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('hop3 ssh-keys (real sshd)', () => {
  it('adds a key with a forced command and restrict, lists it, and refuses bad or duplicate keys', async () => {
    const added = await server('ssh-keys', 'add', 'laptop', sshd.clientPublicKey, '--json');
    expect(added.code, added.stderr).toBe(0);
    const fingerprint = await new Promise<string>((resolve) => execFile('ssh-keygen', ['-lf', sshd.clientPublicKey], (_e, out) => resolve(out.split(' ')[1] ?? '')));
    expect(added.json()).toMatchObject({ name: 'laptop', type: 'ssh-ed25519', fingerprint });
    const file = join(sshd.home, '.ssh', 'authorized_keys');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/^command="HOP3_ROOT='[^']+' exec '[^']+node' '[^']+bin\.js' 'ssh-command' 'laptop'",restrict ssh-ed25519 \S+ hop3-key:laptop\n$/);
    const listed = (await server('ssh-keys', 'list', '--json')).json<{ keys: { name: string; fingerprint: string }[] }>();
    expect(listed.keys).toEqual([{ name: 'laptop', type: 'ssh-ed25519', fingerprint }]);

    const again = await server('ssh-keys', 'add', 'other', sshd.clientPublicKey);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already added as "laptop"');
    await writeFile(join(sshd.home, 'not-a-key.pub'), '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n');
    const privateKey = await server('ssh-keys', 'add', 'oops', join(sshd.home, 'not-a-key.pub'));
    expect(privateKey.code).toBe(2);
    expect(privateKey.stderr).toMatch(/Not an SSH public key/);
    expect((await server('ssh-keys', 'list', '--json')).json<{ keys: unknown[] }>().keys).toHaveLength(1);
  });
});

describe('git push over SSH (real sshd, nginx and uWSGI)', () => {
  let good: string;

  it('deploys the pushed commit of a new app, streaming the deploy to the pusher', async () => {
    good = (await git(['rev-parse', 'HEAD'])).stdout.trim();
    const pushed = await git(['push', remote(), 'main']);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toMatch(/remote: → Building with "python"/);
    expect(pushed.stderr).toContain(`remote: Deployed demo (release 1, commit ${good.slice(0, 12)}`);
    expect((await get()).body).toContain('Hello from Hop3!');
    const status = await sshd.ssh(['status', 'demo', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'running', release: 1, source: { kind: 'git', commit: good, ref: 'refs/heads/main' } });
  });

  it('rejects the push of a commit whose deploy fails: the old version answers and the ref is unchanged', async () => {
    await commit('broken', async (dir) => writeFile(join(dir, 'app.py'), 'raise ImportError("this release is broken")\n'));
    const pushed = await git(['push', remote(), 'main']);
    expect(pushed.code).not.toBe(0);
    expect(pushed.stderr).toContain('pre-receive hook declined');
    expect(pushed.stderr).toMatch(/remote: hop3: .*this release is broken/s);
    expect((await get()).body).toContain('Hello from Hop3!');
    const refs = await git(['ls-remote', remote(), 'refs/heads/main']);
    expect(refs.code, refs.stderr).toBe(0);
    expect(refs.stdout.split(/\s/)[0]).toBe(good);
  });

  it('deploys the fix pushed after it', async () => {
    const fix = await commit('fix', setBody('Fixed by a push!'));
    const pushed = await git(['push', remote(), 'main']);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect((await get()).body).toContain('Fixed by a push!');
    expect((await git(['ls-remote', remote(), 'refs/heads/main'])).stdout.split(/\s/)[0]).toBe(fix);
    const releases = JSON.parse((await sshd.ssh(['releases', 'demo', '--json'])).stdout) as { releases: { number: number; outcome: string }[] };
    expect(releases.releases.map((r) => [r.number, r.outcome])).toEqual([[3, 'succeeded'], [2, 'failed'], [1, 'succeeded']]);
  });

  it('refuses other branches and tags, and allows a force push (it deploys what was pushed)', async () => {
    const branch = await git(['push', remote(), 'HEAD:refs/heads/feature']);
    expect(branch.code).not.toBe(0);
    expect(branch.stderr).toMatch(/deploys the branch main or master only/);
    const forced = await git(['push', '--force', remote(), `${good}:refs/heads/main`]);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await get()).body).toContain('Hello from Hop3!');
    expect((await git(['ls-remote', remote(), 'refs/heads/main'])).stdout.split(/\s/)[0]).toBe(good);
  });

  it('runs hop3 commands over SSH, --json included', async () => {
    const apps = await sshd.ssh(['apps', '--json']);
    expect(apps.code, apps.stderr).toBe(0);
    expect(JSON.parse(apps.stdout).apps).toEqual([expect.objectContaining({ name: 'demo', state: 'running' })]);
    const logs = await sshd.ssh(['logs', 'demo', '--lines', '5']);
    expect(logs.code, logs.stderr).toBe(0);
    const missing = await sshd.ssh(['status', 'nope', '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('HOP3_APP_NOT_FOUND');
  });

  it('gives a key no shell, no other program and no other path', async () => {
    for (const words of [['bash'], ['sh', '-c', 'id'], ["git-upload-pack '/etc'"], ["git-upload-pack '/etc/passwd'"], ["git-receive-pack '../../etc'"], ['apps;', 'id'], ['setup']]) {
      const refused = await sshd.ssh(words);
      expect(refused.code, words.join(' ')).not.toBe(0);
      expect(refused.stdout, words.join(' ')).not.toMatch(/uid=|root:/);
      expect(refused.stderr, words.join(' ')).toMatch(/hop3: /);
    }
    expect((await sshd.ssh(['bash'])).stderr).toContain('"bash" is refused');
    const clone = await git(['clone', `ssh://${sshd.target}:${sshd.port}/etc`, join(work, 'etc-clone')], work);
    expect(clone.code).not.toBe(0);
    // An app's own repository can be fetched.
    const own = await git(['clone', '-q', remote(), join(work, 'demo-clone')], work);
    expect(own.code, own.stderr).toBe(0);
  });

  it('client mode: hop3 remote add, then -r runs commands over SSH and deploy pushes HEAD; one hop3 remote is the default', async () => {
    const client = (...args: string[]) => runHop3(args, { cwd: join(work, 'app'), env: { GIT_SSH_COMMAND: sshd.sshCommand, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    const added = await client('remote', 'add', 'prod', `${sshd.user}@127.0.0.1:${sshd.port}`, '--app', 'demo', '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(added.json()).toMatchObject({ name: 'prod', app: 'demo', url: `ssh://${sshd.user}@127.0.0.1:${sshd.port}/demo` });
    expect((await client('remote', 'add', 'prod', `${sshd.user}@127.0.0.1`)).code).toBe(2);

    const status = await client('-r', 'prod', 'status', '--json');
    expect(status.code, status.stderr).toBe(0);
    expect(status.json()).toMatchObject({ app: 'demo', status: 'running' });
    const set = await client('-r', 'prod', 'config', 'set', 'GREETING_NAME=over ssh');
    expect(set.code, set.stderr).toBe(0);
    const env = (await client('-r', 'prod', 'config', 'show', '--json')).json<{ env: Record<string, string> }>();
    expect(env.env.GREETING_NAME).toBe('over ssh');

    const head = await commit('via client mode', setBody('Deployed by hop3 -r!'));
    const deployed = await client('-r', 'prod', 'deploy');
    expect(deployed.code, deployed.stderr).toBe(0);
    expect((await get()).body).toContain('Deployed by hop3 -r!');
    // The only hop3 remote of the repository: no -r needed.
    const releases = (await client('releases', '--json')).json<{ releases: { source: { commit?: string } }[] }>();
    expect(releases.releases[0]?.source.commit).toBe(head);
    const unknown = await client('-r', 'nope', 'apps');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No git remote "nope"');
  });

  it('removes a key: it can no longer log in', async () => {
    expect((await server('ssh-keys', 'remove', 'laptop')).code).toBe(0);
    const denied = await sshd.ssh(['apps']);
    expect(denied.code).toBe(255);
    expect(denied.stderr).toMatch(/Permission denied/);
  });
});
