import * as z from '../schema/zod.js';
import { lazySchema } from '../schema/lazy-schema.js';

/** Worker kinds that are build hooks: run by the pipeline, never spawned as processes. */
export const BUILD_HOOK_KINDS = ['prebuild', 'build', 'postbuild', 'prerun'] as const;
export type BuildHookKind = (typeof BUILD_HOOK_KINDS)[number];

export const addonRequestSchema = lazySchema(() =>
  z.object({
    type: z.string(),
    name: z.optional(z.string()),
    options: z._default(z.record(z.string(), z.unknown()), {}),
  }),
);
export type AddonRequest = z.infer<typeof addonRequestSchema>;

const positiveNumber = lazySchema(() => z.number().check(z.positive()));

export const healthcheckSchema = lazySchema(() =>
  z.object({
    path: z._default(z.string(), '/'),
    contains: z.optional(z.string()),
    /**
     * Seconds the app has to answer after a deploy. No default here on purpose: when unset, hosts
     * fall back to `run.startTimeout`, then their own default (60 s).
     */
    timeout: z.optional(positiveNumber),
    interval: z._default(positiveNumber, 1),
    retries: z._default(z.int().check(z.nonnegative()), 3),
  }),
);
export type HealthcheckConfig = z.infer<typeof healthcheckSchema>;

/** `[docker]` in hop3.toml: container settings for the docker builder and deployers (docs/docker.md). */
export const dockerConfigSchema = lazySchema(() =>
  z.object({
    mode: z.optional(z.enum(['containers', 'compose', 'swarm'])),
    dockerfile: z.optional(z.string()),
    composeFile: z.optional(z.string()),
    webService: z.optional(z.string()),
    port: z.optional(z.int()),
    network: z.optional(z.enum(['auto', 'bridge', 'host'])),
    buildArgs: z.optional(z.record(z.string(), z.string())),
    pull: z.optional(z.boolean()),
    keepImages: z.optional(z.int()),
    drain: z.optional(z.number()),
    stopTimeout: z.optional(z.number()),
    memory: z.optional(z.string()),
    cpus: z.optional(z.number()),
  }),
);
export type DockerConfig = z.infer<typeof dockerConfigSchema>;

/** `[tls]` in hop3.toml: how the proxy serves HTTPS for the app (docs/configuration.md). */
export const tlsConfigSchema = lazySchema(() =>
  z.object({
    /** Get the app's certificate from an ACME server (Let's Encrypt) instead of self-signing it. */
    acme: z.optional(z.boolean()),
    /** Plain HTTP only redirects to HTTPS (the ACME challenge path excepted). */
    httpsOnly: z.optional(z.boolean()),
  }),
);
export type TlsConfig = z.infer<typeof tlsConfigSchema>;

const stringList = lazySchema(() => z._default(z.array(z.string()), []));
const stringMap = lazySchema(() => z._default(z.record(z.string(), z.string()), {}));

/**
 * What an app declares about itself, merged from `hop3.toml` and `Procfile` (hop3.toml wins).
 * Produced by `loadAppConfig()`; strategies read it, never the files.
 */
export const appConfigSchema = lazySchema(() =>
  z.object({
    metadata: z._default(z.record(z.string(), z.unknown()), {}),
    build: z._default(
      z.object({
        builder: z.optional(z.string()),
        toolchain: z.optional(z.string()),
        packages: stringList,
        nodeVersion: z.optional(z.string()),
        pythonVersion: z.optional(z.string()),
        staticDir: z.optional(z.string()),
        /** Python builders: make the venv with access to the system's site-packages. */
        systemSitePackages: z.optional(z.boolean()),
      }),
      { packages: [] },
    ),
    run: z._default(
      z.object({
        /** The deployer named by `[run] deployer`: chosen instead of asking deployers to accept. */
        deployer: z.optional(z.string()),
        /** Seconds a new deploy has to answer before it is declared failed. */
        startTimeout: z.optional(positiveNumber),
        packages: stringList,
      }),
      { packages: [] },
    ),
    /** Long-running workers: kind → command (web, wsgi, static, cron, cronN, release, any other name). */
    workers: stringMap,
    /**
     * Build hooks (prebuild, build, postbuild, prerun): kind → the user's command lines, run one
     * after the other with `sh -c` in the app's source dir (hop3.toml lists stay separate commands).
     */
    hooks: z._default(z.partialRecord(z.enum(BUILD_HOOK_KINDS), z.array(z.string())), {}),
    env: stringMap,
    addons: z._default(z.array(addonRequestSchema), []),
    healthcheck: z.optional(healthcheckSchema),
    /** Static mappings: URL prefix → directory relative to the app. */
    static: stringMap,
    docker: z._default(dockerConfigSchema, {}),
    tls: z._default(tlsConfigSchema, {}),
    /** The files this config was read from (absolute paths). */
    sources: stringList,
  }),
);
export type AppConfig = z.infer<typeof appConfigSchema>;

/** An empty config: an app with no Procfile and no hop3.toml. */
export function emptyAppConfig(): AppConfig {
  return appConfigSchema.parse({});
}
