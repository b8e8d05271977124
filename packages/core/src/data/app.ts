import * as z from '../schema/zod.js';
import { lazySchema } from '../schema/lazy-schema.js';
import { hostnameSchema, portSchema, safeNameSchema } from './names.js';

export const APP_STATES = ['new', 'starting', 'running', 'stopping', 'stopped', 'failed'] as const;
export const appStateSchema = lazySchema(() => z.enum(APP_STATES));
export type AppState = z.infer<typeof appStateSchema>;

/** What a host knows of an app between commands (persisted as JSON under HOP3_ROOT). */
export const appSchema = lazySchema(() =>
  z.object({
    name: safeNameSchema,
    /** Absolute paths of the app's directories. */
    paths: z.object({
      root: z.string(),
      src: z.string(),
      venv: z.string(),
      log: z.string(),
      data: z.string(),
    }),
    port: z._default(z.nullable(portSchema), null),
    hostnames: z._default(z.array(hostnameSchema), []),
    env: z._default(z.record(z.string(), z.string()), {}),
    /** Name of the deployer that runs the app (used for start/stop/status). */
    runtime: z._default(z.nullable(z.string()), null),
    builder: z._default(z.nullable(z.string()), null),
    state: z._default(appStateSchema, 'new'),
    /** Process count per worker kind. */
    scaling: z._default(z.record(z.string(), z.int().check(z.nonnegative())), {}),
    errorMessage: z.optional(z.string()),
    createdAt: z.optional(z.string()),
    updatedAt: z.optional(z.string()),
  }),
);
export type App = z.infer<typeof appSchema>;
