import { cp, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { appConfigSchema, deploymentContextSchema, loadAppConfig, parseOrThrow, type AppConfig, type DeploymentContext, type StrategyRuntime } from '@hop3/core';
import type { z } from '@hop3/core';

/** An app's source for a suite: copied from a directory, written from strings, or both. */
export interface AppFixture {
  /** The app's name (letters, digits, `-`, `_`). */
  name: string;
  /** A directory copied as the app's source (an example app of your repo). */
  from?: string;
  /** Files written into the source (relative path → content), after `from`. */
  files?: Record<string, string>;
  /**
   * The app's config. Default: read from its Procfile / hop3.toml, as a host does. Given, it
   * replaces them (fields left out take their defaults).
   */
  config?: z.input<typeof appConfigSchema>;
}

/** Stage the app's source at `layout.app(name).src` and return the DeploymentContext a host would pass. */
export async function stageApp(runtime: StrategyRuntime, fixture: AppFixture): Promise<DeploymentContext> {
  const src = runtime.layout.app(fixture.name).src;
  await mkdir(src, { recursive: true });
  if (fixture.from !== undefined) await cp(fixture.from, src, { recursive: true });
  for (const [file, content] of Object.entries(fixture.files ?? {})) {
    const path = join(src, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  const appConfig: AppConfig = fixture.config !== undefined ? appConfigSchema.parse(fixture.config) : await loadAppConfig(src);
  return parseOrThrow(deploymentContextSchema, { appName: fixture.name, sourcePath: src, appConfig }, `deployment context of fixture "${fixture.name}"`);
}
