import { readFileSync, statSync } from 'node:fs';

/** A local account: numeric ids, and names when /etc/passwd and /etc/group know them. */
export interface Account {
  uid: number;
  gid: number;
  user: string | null;
  group: string | null;
}

/** The `name:x:id:...` lines of /etc/passwd or /etc/group ([] when unreadable). */
function entries(file: string): { name: string; id: number; gid: number }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields[0] && /^\d+$/.test(fields[2] ?? ''))
    .map((fields) => ({ name: fields[0] as string, id: Number(fields[2]), gid: Number(fields[3]) }));
}

const nameOf = (file: string, id: number) => entries(file).find((entry) => entry.id === id)?.name ?? null;

/** Who owns `path` (it must exist). Synchronous: a stat and two small reads. */
export function ownerOf(path: string): Account {
  const { uid, gid } = statSync(path);
  return { uid, gid, user: nameOf('/etc/passwd', uid), group: nameOf('/etc/group', gid) };
}

/**
 * A user by name or number, with its primary group, or null when /etc/passwd does not know it.
 * `group` (a name or number) replaces the primary group; null when that group is unknown.
 */
export function findAccount(user: string, group?: string): Account | null {
  const passwd = entries('/etc/passwd').find((entry) => entry.name === user || String(entry.id) === user);
  if (passwd === undefined) return null;
  const groups = entries('/etc/group');
  const wanted = group === undefined ? groups.find((entry) => entry.id === passwd.gid) : groups.find((entry) => entry.name === group || String(entry.id) === group);
  if (group !== undefined && wanted === undefined) return /^\d+$/.test(group) ? { uid: passwd.id, gid: Number(group), user: passwd.name, group: null } : null;
  return { uid: passwd.id, gid: wanted?.id ?? passwd.gid, user: passwd.name, group: wanted?.name ?? null };
}

/**
 * The account an app's processes run as: when hop3 runs as root, the owner of HOP3_ROOT, unless
 * that is root too (with `hop3 setup`, /home/hop3 belongs to the `hop3` user). null means "no
 * change": hop3 is not root (it cannot switch users, and the app runs as hop3's own user), the
 * root does not exist yet, or it belongs to root.
 */
export function appAccount(hop3Root: string): Account | null {
  if (process.getuid?.() !== 0) return null;
  let owner: Account;
  try {
    owner = ownerOf(hop3Root);
  } catch {
    return null;
  }
  return owner.uid === 0 ? null : owner;
}
