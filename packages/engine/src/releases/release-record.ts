import { buildArtifactSchema, z } from '@hop3/core';

/** Where a release's code came from: a pushed commit, or a directory on the server. */
export const releaseSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('git'), commit: z.string().regex(/^[0-9a-f]{40,64}$/), ref: z.string().optional() }),
  z.object({ kind: z.literal('dir'), path: z.string() }),
]);
export type ReleaseSource = z.infer<typeof releaseSourceSchema>;

/** One numbered release of an app: a deploy or a rollback, whether it went live or failed. */
export const releaseRecordSchema = z.object({
  number: z.number().int().positive(),
  createdAt: z.string(),
  action: z.enum(['deploy', 'rollback']),
  /** For a rollback: the release whose code and artifact it put back. */
  rollbackOf: z.number().int().positive().optional(),
  source: releaseSourceSchema,
  /** The release's code (apps/<app>/releases/<n>); null when a failed deploy discarded it. */
  dir: z.string().nullable(),
  builder: z.string().nullable(),
  deployer: z.string().nullable(),
  artifact: buildArtifactSchema.nullable(),
  /** The app's config version (bumped by `config set/unset`, `deploy --env`, attach/detach) it ran with. */
  configVersion: z.number().int().nonnegative(),
  outcome: z.enum(['succeeded', 'failed']),
  /** Why it failed (the error's message). */
  error: z.string().optional(),
  /** The user env it ran with, for `rollback --with-config` (secrets: never listed). */
  userEnv: z.record(z.string(), z.string()).default({}),
});
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

export const releaseHistorySchema = z.object({
  version: z.literal(1).default(1),
  releases: z.array(releaseRecordSchema).default([]),
});
export type ReleaseHistory = z.infer<typeof releaseHistorySchema>;
