import { errorFactory, type CoreErrorCode } from '@hop3/core';
import type { EngineErrorCode } from '@hop3/engine';
import type { KitErrorCode } from '@hop3/kit';
import type { PythonBuildErrorCode } from 'hop3-plugin-builder-python';
import type { NodeBuildErrorCode } from 'hop3-plugin-builder-node';
import type { UwsgiErrorCode } from 'hop3-plugin-deployer-uwsgi';
import type { NginxErrorCode } from 'hop3-plugin-proxy-nginx';
import type { PostgresErrorCode } from 'hop3-plugin-addon-postgres';
import type { RedisErrorCode } from 'hop3-plugin-addon-redis';
import type { DebianErrorCode } from 'hop3-plugin-os-debian';
import type { DockerErrorCode } from 'hop3-plugin-deployer-docker';

/** The codes `hop3` raises itself; every other error passes through with its package's code. */
export const CliErrorCodes = {
  /** An unknown command or option, a missing or extra argument: printed with the usage line. */
  usage: 'HOP3_USAGE',
  /** A command that deletes data was not confirmed with `--yes`. */
  notConfirmed: 'HOP3_NOT_CONFIRMED',
  /** The error is not a Hop3Error: a bug in hop3 or a plugin (only ever in `--json` reports). */
  internal: 'HOP3_INTERNAL',
} as const;

export type CliErrorCode = (typeof CliErrorCodes)[keyof typeof CliErrorCodes];

/** The CLI's errors: bad usage and a missing `--yes` are the user's bad input (exit 2). */
export const cliError = errorFactory<CliErrorCode>({ input: [CliErrorCodes.usage, CliErrorCodes.notConfirmed] });

/**
 * Every code the first-party packages raise: core, kit, the engine, the CLI and its default plugins.
 * Hosts switch on it (`switch (error.code as Hop3ErrorCode)`); a third-party plugin adds its own.
 */
export type Hop3ErrorCode =
  | CoreErrorCode
  | KitErrorCode
  | EngineErrorCode
  | CliErrorCode
  | PythonBuildErrorCode
  | NodeBuildErrorCode
  | UwsgiErrorCode
  | NginxErrorCode
  | PostgresErrorCode
  | RedisErrorCode
  | DebianErrorCode
  | DockerErrorCode;
