import { defaultRemoteName, findRemote, quoteForRemote, type Hop3Remote } from '@hop3/engine';
import type { CommandIO } from './command.js';
import { LOCAL_ONLY } from './local-only.js';
import { runInherited } from './run-inherited.js';
import { UsageError } from './usage-error.js';

/** Commands whose first argument is the app: over a remote, the remote's app goes there. */
const APP_FIRST = new Set(['status', 'logs', 'releases', 'rollback', 'start', 'stop', 'restart', 'scale', 'destroy']);

export interface RemoteChoice {
  /** The remote named with -r/--remote, or the only hop3 remote of the repository here. */
  name: string | null;
  /** The command line without -r NAME. */
  argv: string[];
}

/** Take `-r NAME` / `--remote NAME` / `--remote=NAME` off the front of the command line. */
export function chooseRemote(argv: readonly string[], cwd: string): RemoteChoice {
  const [first, second, ...rest] = argv;
  if (first === '-r' || first === '--remote') {
    if (second === undefined || second.startsWith('-')) throw new UsageError(`${first} needs the name of a hop3 remote (hop3 remote add NAME hop3@server)`);
    return { name: second, argv: rest };
  }
  if (first?.startsWith('--remote=') === true) return { name: first.slice('--remote='.length), argv: argv.slice(1) };
  const command = argv[0];
  if (command === undefined || command.startsWith('-') || LOCAL_ONLY.has(command)) return { name: null, argv: [...argv] };
  return { name: defaultRemoteName(cwd), argv: [...argv] };
}

/** The command line the server runs: the remote's app put where the command takes it. */
export function remoteArgv(remote: Hop3Remote, argv: readonly string[]): string[] {
  const [command = '', ...rest] = argv;
  if (APP_FIRST.has(command)) return [command, remote.app, ...rest];
  if (command === 'config') return [command, rest[0] ?? 'show', remote.app, ...rest.slice(1)];
  return [...argv];
}

/** ssh and its options: GIT_SSH_COMMAND's words (as git uses it; no quoting), else `ssh`. */
function sshCommand(env: CommandIO['env']): string[] {
  const words = (env.GIT_SSH_COMMAND ?? '').split(/\s+/).filter((w) => w !== '');
  return words.length > 0 ? words : ['ssh'];
}

/**
 * Client mode: `deploy` pushes the current HEAD to the remote's deploy branch (the server deploys
 * it while the push waits); every other command runs on the server over SSH (`ssh hop3@server
 * <command> <app> …`), its output and exit code passed through.
 */
export async function runOnRemote(name: string, argv: readonly string[], io: CommandIO): Promise<number> {
  const remote = await findRemote(io.cwd, name);
  const [command] = argv;
  if (command === undefined) throw new UsageError('missing <command> after the remote');
  if (LOCAL_ONLY.has(command)) throw new UsageError(`"${command}" runs on this machine only, not through a remote`);
  if (command === 'deploy') {
    if (argv.length > 1) throw new UsageError(`over a remote, deploy takes no arguments: it pushes HEAD to "${remote.name}" (git push ${remote.name} HEAD:main)`);
    return runInherited('git', ['push', remote.name, 'HEAD:refs/heads/main'], io.env);
  }
  const [ssh, ...options] = sshCommand(io.env);
  const port = remote.port === null ? [] : ['-p', String(remote.port)];
  return runInherited(ssh!, [...options, ...port, `${remote.user}@${remote.host}`, '--', ...remoteArgv(remote, argv).map(quoteForRemote)], io.env);
}
