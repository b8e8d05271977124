import { readdir, rm } from 'node:fs/promises';
import { ensurePrivateDir, readJsonState, writeJsonAtomic } from '@hop3/kit';
import { lazySchema, z } from '@hop3/core';
import { NginxErrorCodes } from '../errors.js';
import { acmePaths, acmeStateFile } from './paths.js';

const attemptSchema = lazySchema(() =>
  z.object({
    at: z.string(),
    action: z.enum(['issue', 'renew']),
    ok: z.boolean(),
    /** The ACME server's or nginx's own message, naming the hostname; absent when ok. */
    error: z.optional(z.string()),
  }),
);

/**
 * What Hop3 remembers about an app's ACME certificate. Its presence means "this app's
 * certificate comes from ACME": deploys keep it, the renewal job renews it.
 */
const acmeStateSchema = lazySchema(() =>
  z.object({
    version: z.literal(1),
    app: z.string(),
    /** The names asked for (the certificate's own names are read from the file). */
    names: z.array(z.string()),
    directoryUrl: z.string(),
    /** When the live certificate was issued by ACME (null: none yet, the self-signed one serves). */
    issuedAt: z.nullable(z.string()),
    lastAttempt: z.nullable(attemptSchema),
  }),
);

export type AcmeState = z.infer<typeof acmeStateSchema>;
export type AcmeAttempt = z.infer<typeof attemptSchema>;

export async function readAcmeState(root: string, app: string): Promise<AcmeState | undefined> {
  return readJsonState(acmeStateFile(root, app), acmeStateSchema, {
    what: `the ACME state of app "${app}"`,
    recovery: `remove it and run "hop3 certs issue ${app}"`,
    code: NginxErrorCodes.acmeStateCorrupt,
  });
}

/** Written atomically, 0600, in the 0700 acme dir. */
export async function writeAcmeState(root: string, state: AcmeState): Promise<void> {
  const paths = acmePaths(root);
  await ensurePrivateDir(paths.dir);
  await ensurePrivateDir(paths.stateDir);
  await writeJsonAtomic(acmeStateFile(root, state.app), state, { mode: 0o600 });
}

export async function removeAcmeState(root: string, app: string): Promise<void> {
  await rm(acmeStateFile(root, app), { force: true });
}

/** Every app with an ACME state (the renewal job's list). */
export async function listAcmeApps(root: string): Promise<string[]> {
  const entries = await readdir(acmePaths(root).stateDir).catch(() => [] as string[]);
  return entries.filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length)).sort();
}
