import { buildArtifactSchema, lazySchema, z } from '@hop3/core';

/** Where a release's code came from: a pushed commit, or a directory on the server. */
export const releaseSourceSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('git'), commit: z.string().check(z.regex(/^[0-9a-f]{40,64}$/)), ref: z.optional(z.string()) }),
    z.object({ kind: z.literal('dir'), path: z.string() }),
  ]),
);
export type ReleaseSource = z.infer<typeof releaseSourceSchema>;

const releaseNumber = lazySchema(() => z.int().check(z.positive()));

/** One numbered release of an app: a deploy or a rollback, whether it went live or failed. */
export const releaseRecordSchema = lazySchema(() =>
  z.object({
    number: releaseNumber,
    createdAt: z.string(),
    action: z.enum(['deploy', 'rollback']),
    /** For a rollback: the release whose code and artifact it put back. */
    rollbackOf: z.optional(releaseNumber),
    source: releaseSourceSchema,
    /** The release's code (apps/<app>/releases/<n>); null when a failed deploy discarded it. */
    dir: z.nullable(z.string()),
    builder: z.nullable(z.string()),
    deployer: z.nullable(z.string()),
    artifact: z.nullable(buildArtifactSchema),
    /** The app's config version (bumped by `config set/unset`, `deploy --env`, attach/detach) it ran with. */
    configVersion: z.int().check(z.nonnegative()),
    outcome: z.enum(['succeeded', 'failed']),
    /** Why it failed (the error's message). */
    error: z.optional(z.string()),
    /** The user env it ran with, for `rollback --with-config` (secrets: never listed). */
    userEnv: z._default(z.record(z.string(), z.string()), {}),
  }),
);
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

export const releaseHistorySchema = lazySchema(() =>
  z.object({
    version: z._default(z.literal(1), 1),
    releases: z._default(z.array(releaseRecordSchema), []),
  }),
);
export type ReleaseHistory = z.infer<typeof releaseHistorySchema>;
