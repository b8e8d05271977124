import type { Hop3Layout } from '@hop3/core';
import type { UserSpec } from '../users/ensure-user.js';

export const DEFAULT_SERVICE_USER = 'hop3';
/** nginx's workers run as www-data: as the primary group it lets them reach sockets and static files. */
export const DEFAULT_SERVICE_GROUP = 'www-data';
export const SERVICE_SHELL = '/bin/bash';

export type ServiceUserDecision =
  | { manage: true; spec: UserSpec; reason: string }
  | { manage: false; reason: string };

/**
 * Whether setup creates a service account, and which:
 * 1. `HOP3_USER` set → that user, with HOP3_ROOT as its home;
 * 2. HOP3_ROOT is `/home/hop3` (the provisioned-server default) → the `hop3` user;
 * 3. otherwise HOP3_ROOT is a private directory of whoever runs hop3: no account is created and
 *    the directories belong to the current user.
 * The group is `HOP3_GROUP`, default www-data; the shell is /bin/bash (git push over ssh).
 */
export function decideServiceUser(layout: Hop3Layout, env: Readonly<Record<string, string | undefined>>): ServiceUserDecision {
  const explicit = env.HOP3_USER?.trim() || undefined;
  const user = explicit ?? DEFAULT_SERVICE_USER;
  const group = env.HOP3_GROUP?.trim() || DEFAULT_SERVICE_GROUP;
  const spec: UserSpec = { user, home: layout.root, shell: SERVICE_SHELL, group };
  if (explicit) return { manage: true, spec, reason: `HOP3_USER=${explicit}: its home is HOP3_ROOT (${layout.root})` };
  if (layout.root === `/home/${DEFAULT_SERVICE_USER}`) {
    return { manage: true, spec, reason: `HOP3_ROOT is /home/${DEFAULT_SERVICE_USER}, the home of the service user` };
  }
  return {
    manage: false,
    reason:
      `HOP3_ROOT (${layout.root}) is a private directory: it belongs to the user running hop3 and no service account is created ` +
      `(set HOP3_USER, or use HOP3_ROOT=/home/${DEFAULT_SERVICE_USER}, to have one).`,
  };
}
