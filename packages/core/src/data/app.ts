import { z } from 'zod';
import { hostnameSchema, safeNameSchema } from './names.js';

export const APP_STATES = ['new', 'starting', 'running', 'stopping', 'stopped', 'failed'] as const;
export const appStateSchema = z.enum(APP_STATES);
export type AppState = z.infer<typeof appStateSchema>;

/** What a host knows of an app between commands (persisted as JSON under HOP3_ROOT). */
export const appSchema = z.object({
  name: safeNameSchema,
  /** Absolute paths of the app's directories. */
  paths: z.object({
    root: z.string(),
    src: z.string(),
    venv: z.string(),
    log: z.string(),
    data: z.string(),
  }),
  port: z.number().int().min(0).max(65535).nullable().default(null),
  hostnames: z.array(hostnameSchema).default([]),
  env: z.record(z.string(), z.string()).default({}),
  /** Name of the deployer that runs the app (used for start/stop/status). */
  runtime: z.string().nullable().default(null),
  builder: z.string().nullable().default(null),
  state: appStateSchema.default('new'),
  /** Process count per worker kind. */
  scaling: z.record(z.string(), z.number().int().nonnegative()).default({}),
  errorMessage: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type App = z.infer<typeof appSchema>;
