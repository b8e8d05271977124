import { appSchema, buildArtifactSchema, deploymentInfoSchema, z } from '@hop3/core';
import { releaseSourceSchema } from '../releases/release-record.js';

export const attachmentSchema = z.object({
  type: z.string(),
  name: z.string(),
  /** Variables are prefixed (`CACHE_REDIS_URL`) when another service of the type is attached. */
  prefix: z.string().optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** Everything the host persists about an app (apps/<app>/app.json). */
export const appRecordSchema = z.object({
  version: z.literal(1).default(1),
  app: appSchema,
  /** Release number of the code in `app.paths.src`. */
  release: z.number().int().nonnegative().default(0),
  artifact: buildArtifactSchema.nullable().default(null),
  deployment: deploymentInfoSchema.nullable().default(null),
  /** Variables set with `hop3 config set` or `deploy --env` (win over hop3.toml [env]). */
  userEnv: z.record(z.string(), z.string()).default({}),
  attachments: z.array(attachmentSchema).default([]),
  /** Where the app answers through the proxy. */
  url: z.string().nullable().default(null),
  /** Where the live release's code came from (a pushed commit or a dir). */
  source: releaseSourceSchema.nullable().default(null),
  /** Bumped by every change of the user env or attachments: releases record which one they ran with. */
  configVersion: z.number().int().nonnegative().default(0),
  /**
   * The package of the app's deployer when it was found only from the directory the deploy ran
   * in (not shipped with the host, not in the host's plugin folder): later commands load it from
   * there whatever their own directory.
   */
  deployerPlugin: z.object({ name: z.string(), path: z.string() }).nullable().default(null),
});
export type AppRecord = z.infer<typeof appRecordSchema>;
