import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { appConfigSchema } from './app-config.js';
import { appSchema } from './app.js';
import { safeNameSchema } from './names.js';

const existingDirectory = z.string().superRefine((path, ctx) => {
  if (!isAbsolute(path)) {
    ctx.addIssue({ code: 'custom', message: `must be an absolute path, got "${path}"` });
    return;
  }
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) ctx.addIssue({ code: 'custom', message: `is not an existing directory: ${path}` });
});

/** Everything a builder or deployer needs to know about the app being deployed. */
export const deploymentContextSchema = z.object({
  appName: safeNameSchema,
  sourcePath: existingDirectory,
  appConfig: appConfigSchema,
  app: appSchema.optional(),
});
export type DeploymentContext = z.infer<typeof deploymentContextSchema>;

/** What a builder produces: `kind` tells deployers whether they can run it. */
export const buildArtifactSchema = z.object({
  kind: z.string().min(1),
  location: z.string().min(1),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type BuildArtifact = z.infer<typeof buildArtifactSchema>;

export const DEPLOYMENT_PROTOCOLS = ['http', 'https', 'tcp', 'unix', 'static'] as const;

/** Where a deployed app can be reached by the proxy. */
export const deploymentInfoSchema = z.object({
  protocol: z.enum(DEPLOYMENT_PROTOCOLS),
  address: z.string().min(1),
  port: z.number().int().min(0).max(65535).nullable(),
  /**
   * Further instances of the same backend (a `web` worker scaled to several processes, each on
   * its own port): the proxy balances over `address:port` and these.
   */
  upstreams: z
    .array(z.object({ address: z.string().min(1), port: z.number().int().min(0).max(65535).nullable() }))
    .optional(),
  /**
   * The log of the process that should answer (the wsgi or web one), absolute: a host shows
   * its last lines when the new version does not answer, rather than whichever log was
   * written last (a worker's banner would hide the web process's traceback).
   */
  logFile: z.string().min(1).optional(),
});
export type DeploymentInfo = z.infer<typeof deploymentInfoSchema>;
