import { join } from 'node:path';

/**
 * Where ACME's files live under HOP3_ROOT. The account key and the per-app state are private
 * (`acme/`, 0700); the challenge webroot is a separate directory nginx's workers can read.
 */
export interface AcmePaths {
  /** 0700: the account key and per-app state. */
  dir: string;
  /** The account's ECDSA P-256 key (0600), created once and reused for every order. */
  accountKey: string;
  /** One `<app>.json` per app (0600): where its certificate came from, the last renewal and its error. */
  stateDir: string;
  /** Token files of pending HTTP-01 challenges, served by nginx. */
  webroot: string;
  /** The renewal job's pid file and log. */
  jobPidFile: string;
  jobLogFile: string;
}

export function acmeChallengeDir(root: string): string {
  return join(root, 'acme-challenges');
}

export function acmePaths(root: string): AcmePaths {
  const dir = join(root, 'acme');
  return {
    dir,
    accountKey: join(dir, 'account.key'),
    stateDir: join(dir, 'state'),
    webroot: acmeChallengeDir(root),
    jobPidFile: join(root, 'run', 'acme-renewal.pid'),
    jobLogFile: join(root, 'logs', 'acme-renewal.log'),
  };
}

/** The app's state file. */
export function acmeStateFile(root: string, app: string): string {
  return join(acmePaths(root).stateDir, `${app}.json`);
}
