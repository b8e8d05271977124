import { errorFactory } from '@hop3/core';
import { KitErrorCodes } from '@hop3/kit';

/** Stable error codes of the uWSGI deployer: the closed union {@link UwsgiErrorCode}. */
export const UwsgiErrorCodes = {
  /** An env name or value cannot be written into a vassal file. */
  invalidEnv: 'HOP3_UWSGI_INVALID_ENV',
  /** A worker command or cron line uWSGI cannot take as written. */
  invalidWorker: 'HOP3_UWSGI_INVALID_WORKER',
  /** `scale` named a kind the app does not have, or asked for a negative count. */
  invalidScale: 'HOP3_UWSGI_INVALID_SCALE',
  /** A UWSGI_* or HOP3_* setting is malformed. */
  invalidSetting: 'HOP3_UWSGI_INVALID_SETTING',
  /** The artifact is of a kind uWSGI cannot run. */
  unsupportedArtifact: 'HOP3_UWSGI_UNSUPPORTED_ARTIFACT',
  /** The `release` command failed: the deploy stops before the new version starts. */
  releaseFailed: 'HOP3_UWSGI_RELEASE_FAILED',
  /** The embedded emperor did not start or stop. */
  emperor: 'HOP3_UWSGI_EMPEROR_FAILED',
  /** uwsgi-state.json is cut short or not a state (kit's code for every damaged state file). */
  corruptState: KitErrorCodes.stateCorrupt,
  /** The app's processes were still running after stop(). */
  stopTimeout: 'HOP3_UWSGI_STOP_TIMEOUT',
} as const;

export type UwsgiErrorCode = (typeof UwsgiErrorCodes)[keyof typeof UwsgiErrorCodes];

/** The deployer's errors: bad env, worker, scale and settings are the user's bad input. */
export const uwsgiError = errorFactory<UwsgiErrorCode>({
  input: [UwsgiErrorCodes.invalidEnv, UwsgiErrorCodes.invalidWorker, UwsgiErrorCodes.invalidScale, UwsgiErrorCodes.invalidSetting],
});
