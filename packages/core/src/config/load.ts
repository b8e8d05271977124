import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../data/app-config.js';
import { ErrorCodes } from '../errors/codes.js';
import { parseHop3Toml } from './hop3-toml.js';
import { mergeAppConfig } from './merge.js';
import { parseProcfile } from './procfile.js';
import { invalidConfigError, type ConfigProblem } from './problems.js';
import { coreError } from '../errors/core-error.js';

/** Where each file is looked for, first found wins (the `hop3/` subdir keeps the repo root tidy). */
export const PROCFILE_LOCATIONS = ['hop3/Procfile', 'Procfile'] as const;
export const HOP3_TOML_LOCATIONS = ['hop3/hop3.toml', 'hop3.toml'] as const;

export interface ConfigText {
  text: string;
  /** The name used in problems (`hop3/Procfile`). */
  source: string;
  /** The absolute path recorded in `AppConfig.sources`; defaults to `source`. */
  path?: string;
}

/**
 * Build an AppConfig from file contents (e.g. read from git rather than disk). Throws one
 * `HOP3_INVALID_CONFIG` error listing the problems of both files.
 */
export function appConfigFromTexts(files: { procfile?: ConfigText; hop3Toml?: ConfigText }): AppConfig {
  return resolveAppConfig(files, []);
}

/**
 * Read an app's Procfile and hop3.toml from `appDir` and merge them (hop3.toml wins). An app with
 * neither file gets an empty config. Every problem of both files comes back in one
 * `HOP3_INVALID_CONFIG` error whose `details.problems` lists `{ file, line?, path?, message }`.
 */
export async function loadAppConfig(appDir: string): Promise<AppConfig> {
  await assertDirectory(appDir);
  const readProblems: ConfigProblem[] = [];
  const procfile = await readFirst(appDir, PROCFILE_LOCATIONS, readProblems);
  const hop3Toml = await readFirst(appDir, HOP3_TOML_LOCATIONS, readProblems);
  return resolveAppConfig({ procfile, hop3Toml }, readProblems);
}

function resolveAppConfig(
  files: { procfile?: ConfigText | undefined; hop3Toml?: ConfigText | undefined },
  earlierProblems: readonly ConfigProblem[],
): AppConfig {
  const procfile = files.procfile && parseProcfile(files.procfile.text, { source: files.procfile.source });
  const hop3Toml = files.hop3Toml && parseHop3Toml(files.hop3Toml.text, { source: files.hop3Toml.source });
  const problems = [...earlierProblems, ...(procfile?.problems ?? []), ...(hop3Toml?.problems ?? [])];
  if (problems.length > 0) throw invalidConfigError(problems);
  const sources = [files.procfile, files.hop3Toml].flatMap((file) => (file ? [file.path ?? file.source] : []));
  return mergeAppConfig({ procfile, hop3Toml: hop3Toml?.config, sources });
}

async function assertDirectory(appDir: string): Promise<void> {
  const info = await stat(appDir).catch((error: unknown) => {
    throw coreError({ code: ErrorCodes.invalidInput, message: `App directory ${appDir} cannot be read: ${(error as Error).message}`, cause: error });
  });
  if (!info.isDirectory()) throw coreError({ code: ErrorCodes.invalidInput, message: `App directory ${appDir} is not a directory` });
}

/** The first candidate that exists; a file that exists but cannot be read is a problem. */
async function readFirst(appDir: string, candidates: readonly string[], problems: ConfigProblem[]): Promise<ConfigText | undefined> {
  for (const source of candidates) {
    const path = join(appDir, source);
    try {
      return { text: await readFile(path, 'utf8'), source, path };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      problems.push({ file: source, message: `cannot be read: ${(error as Error).message}` });
      return undefined;
    }
  }
  return undefined;
}
