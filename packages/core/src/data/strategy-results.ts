import * as z from '../schema/zod.js';
import { lazySchema } from '../schema/lazy-schema.js';
import type { DeployerStatus, WorkerState, WorkerStatus } from '../protocols/deployer.js';
import { deploymentInfoSchema } from './deployment.js';

/**
 * Schemas of what strategies return (besides `buildArtifactSchema` and `deploymentInfoSchema`):
 * core checks each result where it leaves a plugin, so a wrong shape is an error naming the
 * plugin rather than a crash (or a 60 s wait) somewhere in the host.
 */

export const WORKER_STATES = ['up', 'starting', 'restarting', 'unresponsive', 'crashed', 'stopped'] as const satisfies readonly WorkerState[];

export const workerStatusSchema = lazySchema(() =>
  z.looseObject({
    kind: z.string().check(z.minLength(1)),
    ordinal: z.int().check(z.minimum(1)),
    state: z.enum(WORKER_STATES),
    pids: z.optional(z.array(z.int().check(z.nonnegative()))),
    detail: z.optional(z.string()),
    logTail: z.optional(z.array(z.string())),
  }) satisfies z.ZodMiniType<WorkerStatus>,
);

/** `Deployer.getStatus()`; further keys a deployer adds (its own facts) are kept. */
export const deployerStatusSchema = lazySchema(() =>
  z.looseObject({
    running: z.boolean(),
    processes: z.record(z.string(), z.int().check(z.nonnegative())),
    deployment: z.optional(z.nullable(deploymentInfoSchema)),
    workers: z.optional(z.array(workerStatusSchema)),
  }) satisfies z.ZodMiniType<DeployerStatus>,
);

/**
 * `Addon.getConnectionDetails()`: variable name → value. The values are secrets: the messages
 * here never quote the input, so a problem names the variable only.
 */
export const connectionDetailsSchema = lazySchema(() =>
  z.record(
    z.string().check(z.minLength(1, { error: 'a variable name must not be empty' })),
    z.string({ error: 'must be a string' }),
    { error: 'must be an object of variable name → string value' },
  ),
);

/** `Addon.info()`: facts for humans and scripts. */
export const addonInfoSchema = lazySchema(() => z.record(z.string(), z.unknown(), { error: 'must be an object' }));
