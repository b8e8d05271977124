import { errorFactory } from '@hop3/core';
import { KitErrorCodes } from '@hop3/kit';

/** Stable error codes of the Docker builder and deployers: the closed union {@link DockerErrorCode}. */
export const DockerErrorCodes = {
  /** The docker daemon does not answer (not started, or no permission on its socket). */
  daemonUnavailable: 'HOP3_DOCKER_DAEMON_UNAVAILABLE',
  /** `docker build` failed: the Dockerfile's own error lines are in the message. */
  buildFailed: 'HOP3_DOCKER_BUILD_FAILED',
  /** A base image is not on this machine and its registry cannot be reached. */
  baseImageMissing: 'HOP3_DOCKER_BASE_IMAGE_MISSING',
  /** A docker command failed while running, stopping or removing the app's containers. */
  commandFailed: 'HOP3_DOCKER_COMMAND_FAILED',
  /** A [docker] setting, env value or process command the deployer cannot use as written. */
  invalidSetting: 'HOP3_DOCKER_INVALID_SETTING',
  /** `scale` named a kind the app does not have, or asked for a negative count. */
  invalidScale: 'HOP3_DOCKER_INVALID_SCALE',
  /** The compose file cannot be used: unreadable YAML, no services, an unknown web service, a public port. */
  invalidCompose: 'HOP3_DOCKER_INVALID_COMPOSE',
  /** Neither `docker compose` (v2) nor `docker-compose` (v1) is installed. */
  composeMissing: 'HOP3_DOCKER_COMPOSE_MISSING',
  /** Swarm mode was asked for, but this Docker engine is not a Swarm manager. */
  swarmInactive: 'HOP3_DOCKER_SWARM_INACTIVE',
  /** A Swarm stack's new tasks did not start (rejected, failed, or never scheduled). */
  swarmUpdateFailed: 'HOP3_DOCKER_SWARM_UPDATE_FAILED',
  /** The artifact is not one this deployer runs. */
  unsupportedArtifact: 'HOP3_DOCKER_UNSUPPORTED_ARTIFACT',
  /** docker-state.json is cut short or not a state (kit's code for every damaged state file). */
  corruptState: KitErrorCodes.stateCorrupt,
} as const;

export type DockerErrorCode = (typeof DockerErrorCodes)[keyof typeof DockerErrorCodes];

/** Failing builds, bad settings, scales and compose files are the user's bad input. */
export const dockerError = errorFactory<DockerErrorCode>({
  input: [DockerErrorCodes.buildFailed, DockerErrorCodes.invalidSetting, DockerErrorCodes.invalidScale, DockerErrorCodes.invalidCompose, DockerErrorCodes.baseImageMissing],
});
