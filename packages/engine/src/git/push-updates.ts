import { engineError, EngineErrorCodes } from '../errors.js';

/** One line of pre-receive's stdin: `<old sha> <new sha> <ref>`. */
export interface RefUpdate {
  oldSha: string;
  newSha: string;
  ref: string;
}

export const DEFAULT_DEPLOY_BRANCHES = ['main', 'master'] as const;
const ZERO = /^0+$/;

export function parseRefUpdates(text: string): RefUpdate[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [oldSha = '', newSha = '', ref = ''] = line.split(/\s+/);
      if (!/^[0-9a-f]{40,64}$/.test(oldSha) || !/^[0-9a-f]{40,64}$/.test(newSha) || ref === '') {
        throw engineError({ message: `Unexpected ref update from git: "${line}"`, code: EngineErrorCodes.invalidInput });
      }
      return { oldSha, newSha, ref };
    });
}

/** HOP3_DEPLOY_BRANCH: the branches a push deploys (comma separated; default main and master). */
export function deployBranches(env: Readonly<Record<string, string | undefined>>): string[] {
  const raw = env.HOP3_DEPLOY_BRANCH?.trim();
  if (raw === undefined || raw === '') return [...DEFAULT_DEPLOY_BRANCHES];
  return raw.split(/[\s,]+/).filter((b) => b !== '');
}

/**
 * The one update a push deploys. Refused with a message the pusher sees (`remote: …`): another
 * branch or a tag, deleting the deploy branch, or more than one deploy branch at once. Force
 * pushes are fine: what was pushed is deployed.
 */
export function deployedUpdate(updates: readonly RefUpdate[], branches: readonly string[], app: string): RefUpdate {
  const refuse = (message: string): never => {
    throw engineError({ message, code: EngineErrorCodes.pushRefused, details: { app, refs: updates.map((u) => u.ref) } });
  };
  const names = branches.join(' or ');
  const deploying = updates.filter((u) => branches.some((b) => u.ref === `refs/heads/${b}`));
  const other = updates.filter((u) => !deploying.includes(u));
  if (other.length > 0) {
    const ref = other[0]!.ref.replace(/^refs\/heads\//, '');
    refuse(`hop3 deploys the branch ${names} only; pushing ${other.map((u) => u.ref).join(', ')} is refused. Push it as the deploy branch: git push <remote> ${ref}:${branches[0]}`);
  }
  if (deploying.length !== 1) refuse(`Push one deploy branch (${names}) at a time.`);
  const update = deploying[0]!;
  if (ZERO.test(update.newSha)) refuse(`Deleting ${update.ref} is refused: it is what "${app}" deploys. "hop3 destroy ${app} --yes" removes the app.`);
  return update;
}
