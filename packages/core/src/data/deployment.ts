import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import * as z from '../schema/zod.js';
import { lazySchema } from '../schema/lazy-schema.js';
import { appConfigSchema } from './app-config.js';
import { appSchema } from './app.js';
import { portSchema, safeNameSchema } from './names.js';

const nonEmptyString = lazySchema(() => z.string().check(z.minLength(1)));

const existingDirectory = lazySchema(() =>
  z.string().check(
    z.superRefine((path: string, ctx) => {
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
    }),
  ),
);

/** Everything a builder or deployer needs to know about the app being deployed. */
export const deploymentContextSchema = lazySchema(() =>
  z.object({
    appName: safeNameSchema,
    sourcePath: existingDirectory,
    appConfig: appConfigSchema,
    app: z.optional(appSchema),
  }),
);
export type DeploymentContext = z.infer<typeof deploymentContextSchema>;

/** What a builder produces: `kind` tells deployers whether they can run it. */
export const buildArtifactSchema = lazySchema(() =>
  z.object({
    kind: nonEmptyString,
    location: nonEmptyString,
    metadata: z._default(z.record(z.string(), z.unknown()), {}),
  }),
);
export type BuildArtifact = z.infer<typeof buildArtifactSchema>;

export const DEPLOYMENT_PROTOCOLS = ['http', 'https', 'tcp', 'unix', 'static'] as const;

/** Where a deployed app can be reached by the proxy. */
export const deploymentInfoSchema = lazySchema(() =>
  z.object({
    protocol: z.enum(DEPLOYMENT_PROTOCOLS),
    address: nonEmptyString,
    port: z.nullable(portSchema),
    /**
     * Further instances of the same backend (a `web` worker scaled to several processes, each on
     * its own port): the proxy balances over `address:port` and these.
     */
    upstreams: z.optional(z.array(z.object({ address: nonEmptyString, port: z.nullable(portSchema) }))),
    /**
     * The log of the process that should answer (the wsgi or web one), absolute: a host shows
     * its last lines when the new version does not answer, rather than whichever log was
     * written last (a worker's banner would hide the web process's traceback).
     */
    logFile: z.optional(nonEmptyString),
  }),
);
export type DeploymentInfo = z.infer<typeof deploymentInfoSchema>;
