import { z } from 'zod';

/** Worker kinds that are build hooks: run by the pipeline, never spawned as processes. */
export const BUILD_HOOK_KINDS = ['prebuild', 'build', 'postbuild', 'prerun'] as const;
export type BuildHookKind = (typeof BUILD_HOOK_KINDS)[number];

export const addonRequestSchema = z.object({
  type: z.string(),
  name: z.string().optional(),
  options: z.record(z.string(), z.unknown()).default({}),
});
export type AddonRequest = z.infer<typeof addonRequestSchema>;

export const healthcheckSchema = z.object({
  path: z.string().default('/'),
  contains: z.string().optional(),
  /**
   * Seconds the app has to answer after a deploy. No default here on purpose: when unset, hosts
   * fall back to `run.startTimeout`, then their own default (60 s).
   */
  timeout: z.number().positive().optional(),
  interval: z.number().positive().default(1),
  retries: z.number().int().nonnegative().default(3),
});
export type HealthcheckConfig = z.infer<typeof healthcheckSchema>;

/** `[docker]` in hop3.toml: container settings for the docker builder and deployers (docs/docker.md). */
export const dockerConfigSchema = z.object({
  mode: z.enum(['containers', 'compose', 'swarm']).optional(),
  dockerfile: z.string().optional(),
  composeFile: z.string().optional(),
  webService: z.string().optional(),
  port: z.number().int().optional(),
  network: z.enum(['auto', 'bridge', 'host']).optional(),
  buildArgs: z.record(z.string(), z.string()).optional(),
  pull: z.boolean().optional(),
  keepImages: z.number().int().optional(),
  drain: z.number().optional(),
  stopTimeout: z.number().optional(),
  memory: z.string().optional(),
  cpus: z.number().optional(),
});
export type DockerConfig = z.infer<typeof dockerConfigSchema>;

/**
 * What an app declares about itself, merged from `hop3.toml` and `Procfile` (hop3.toml wins).
 * Produced by `loadAppConfig()`; strategies read it, never the files.
 */
export const appConfigSchema = z.object({
  metadata: z.record(z.string(), z.unknown()).default({}),
  build: z
    .object({
      builder: z.string().optional(),
      toolchain: z.string().optional(),
      packages: z.array(z.string()).default([]),
      nodeVersion: z.string().optional(),
      pythonVersion: z.string().optional(),
      staticDir: z.string().optional(),
      /** Python builders: make the venv with access to the system's site-packages. */
      systemSitePackages: z.boolean().optional(),
    })
    .default({ packages: [] }),
  run: z
    .object({
      /** The deployer named by `[run] deployer`: chosen instead of asking deployers to accept. */
      deployer: z.string().optional(),
      /** Seconds a new deploy has to answer before it is declared failed. */
      startTimeout: z.number().positive().optional(),
      packages: z.array(z.string()).default([]),
    })
    .default({ packages: [] }),
  /** Long-running workers: kind → command (web, wsgi, static, cron, cronN, release, any other name). */
  workers: z.record(z.string(), z.string()).default({}),
  /**
   * Build hooks (prebuild, build, postbuild, prerun): kind → the user's command lines, run one
   * after the other with `sh -c` in the app's source dir (hop3.toml lists stay separate commands).
   */
  hooks: z.partialRecord(z.enum(BUILD_HOOK_KINDS), z.array(z.string())).default({}),
  env: z.record(z.string(), z.string()).default({}),
  addons: z.array(addonRequestSchema).default([]),
  healthcheck: healthcheckSchema.optional(),
  /** Static mappings: URL prefix → directory relative to the app. */
  static: z.record(z.string(), z.string()).default({}),
  docker: dockerConfigSchema.default({}),
  /** The files this config was read from (absolute paths). */
  sources: z.array(z.string()).default([]),
});
export type AppConfig = z.infer<typeof appConfigSchema>;

/** An empty config: an app with no Procfile and no hop3.toml. */
export function emptyAppConfig(): AppConfig {
  return appConfigSchema.parse({});
}
