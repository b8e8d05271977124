import { Hop3Error } from '@hop3/core';
import { debianError, DebianErrorCodes } from '../errors.js';
import type { CommandRunner } from '../run.js';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** `name:x:uid:gid:gecos:home:shell` */
export function parsePasswdLine(line: string): PasswdEntry | undefined {
  const fields = line.trim().split(':');
  if (fields.length !== 7) return undefined;
  const [name, , uid, gid, , home, shell] = fields as [string, string, string, string, string, string, string];
  return { name, uid: Number(uid), gid: Number(gid), home, shell };
}

/** `name:x:gid:member1,member2` */
export function parseGroupLine(line: string): GroupEntry | undefined {
  const fields = line.trim().split(':');
  if (fields.length !== 4) return undefined;
  const [name, , gid, members] = fields as [string, string, string, string];
  return { name, gid: Number(gid), members: members === '' ? [] : members.split(',') };
}

// getent exits 2 when the key is not found; anything else non-zero is a real failure.
const GETENT_NOT_FOUND = 2;

async function getent(run: CommandRunner, database: 'passwd' | 'group', key: string): Promise<string | undefined> {
  const result = await run('getent', [database, key], { allowFailure: true, timeoutMs: 30_000 });
  if (result.exitCode === GETENT_NOT_FOUND) return undefined;
  if (result.exitCode !== 0) {
    throw debianError({
      code: DebianErrorCodes.userFailed,
      message: `getent ${database} ${key} failed with exit code ${result.exitCode}: ${result.stderr.trim() || 'no error output'}`,
      details: { database, key, exitCode: result.exitCode },
    });
  }
  return result.stdout.split('\n')[0];
}

function unparsable(database: string, key: string, line: string): Hop3Error {
  return debianError({
    code: DebianErrorCodes.userFailed,
    message: `getent ${database} ${key} printed an unexpected line: ${JSON.stringify(line)}`,
    details: { database, key },
  });
}

/** The account named `name` (local or from NSS), or undefined. Read-only. */
export async function lookupUser(run: CommandRunner, name: string): Promise<PasswdEntry | undefined> {
  const line = await getent(run, 'passwd', name);
  if (line === undefined) return undefined;
  const entry = parsePasswdLine(line);
  if (!entry) throw unparsable('passwd', name, line);
  return entry;
}

export async function lookupGroup(run: CommandRunner, name: string): Promise<GroupEntry | undefined> {
  const line = await getent(run, 'group', name);
  if (line === undefined) return undefined;
  const entry = parseGroupLine(line);
  if (!entry) throw unparsable('group', name, line);
  return entry;
}
