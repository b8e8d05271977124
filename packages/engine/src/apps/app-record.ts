import { appSchema, buildArtifactSchema, deploymentInfoSchema, lazySchema, z } from '@hop3/core';
import { releaseSourceSchema } from '../releases/release-record.js';

const count = lazySchema(() => z.int().check(z.nonnegative()));

export const attachmentSchema = lazySchema(() =>
  z.object({
    type: z.string(),
    name: z.string(),
    /** Variables are prefixed (`CACHE_REDIS_URL`) when another service of the type is attached. */
    prefix: z.optional(z.string()),
  }),
);
export type Attachment = z.infer<typeof attachmentSchema>;

/** Everything the host persists about an app (apps/<app>/app.json). */
export const appRecordSchema = lazySchema(() =>
  z.object({
    version: z._default(z.literal(1), 1),
    app: appSchema,
    /** Release number of the code in `app.paths.src`. */
    release: z._default(count, 0),
    artifact: z._default(z.nullable(buildArtifactSchema), null),
    deployment: z._default(z.nullable(deploymentInfoSchema), null),
    /** Variables set with `hop3 config set` or `deploy --env` (win over hop3.toml [env]). */
    userEnv: z._default(z.record(z.string(), z.string()), {}),
    attachments: z._default(z.array(attachmentSchema), []),
    /** Where the app answers through the proxy. */
    url: z._default(z.nullable(z.string()), null),
    /** Where the live release's code came from (a pushed commit or a dir). */
    source: z._default(z.nullable(releaseSourceSchema), null),
    /** Bumped by every change of the user env or attachments: releases record which one they ran with. */
    configVersion: z._default(count, 0),
    /**
     * The package of the app's deployer when it was found only from the directory the deploy ran
     * in (not shipped with the host, not in the host's plugin folder): later commands load it from
     * there whatever their own directory.
     */
    deployerPlugin: z._default(z.nullable(z.object({ name: z.string(), path: z.string() })), null),
  }),
);
export type AppRecord = z.infer<typeof appRecordSchema>;
