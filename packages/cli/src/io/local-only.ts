/** Commands that run on this machine only, even in a repository with a hop3 remote (client mode). */
export const LOCAL_ONLY: ReadonlySet<string> = new Set(['remote', 'setup', 'plugins', 'server', 'ssh-keys', 'ssh-command', 'git-hook', 'git-receive-pack', 'git-upload-pack']);

/** True when the command line may go to a remote: -r/--remote, or a command that can run there. */
export function mayRunRemotely(argv: readonly string[], known: (name: string) => boolean): boolean {
  const first = argv[0];
  if (first === undefined) return false;
  if (first === '-r' || first === '--remote' || first.startsWith('--remote=')) return true;
  return known(first) && !LOCAL_ONLY.has(first);
}
