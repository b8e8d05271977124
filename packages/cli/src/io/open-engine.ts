import { ownPackageJsonPath } from '@hop3/core';
import { createEngine, type Engine } from '@hop3/engine';
import { createLogger } from '@hop3/kit';
import type { CommandIO } from './command.js';
import { eventLine } from './event-line.js';

// The CLI's own package.json lists the first-party plugins it ships with (`hop3.plugins`).
const CLI_PACKAGE_JSON = ownPackageJsonPath(import.meta.url);

/**
 * The engine behind every command: the CLI's plugin set (its first-party plugins, the plugins
 * installed under HOP3_ROOT with `hop3 plugins install`, and any `hop3-plugin-*` found from the
 * working directory unless HOP3_DISCOVER=0; the engine applies the host's deny list and
 * preferences), strategies' log on
 * stderr, and progress lines on a terminal (none with --json or when stderr is not a terminal).
 */
export function openEngine(io: CommandIO, options: { json?: boolean; importAll?: boolean } = {}): Promise<Engine> {
  const showProgress = io.interactive && options.json !== true;
  return createEngine({
    env: io.env,
    plugins: { cwd: io.cwd, discover: io.env.HOP3_DISCOVER !== '0', hostPackageJson: CLI_PACKAGE_JSON, importAll: options.importAll === true },
    log: createLogger({ write: io.stderr, debug: Boolean(io.env.HOP3_DEBUG) }),
    ...(showProgress
      ? {
          onEvent: (event) => {
            const line = eventLine(event);
            if (line !== null) io.stderr(line);
          },
        }
      : {}),
  });
}
