import { ErrorCodes, errorFactory } from '@hop3/core';

/**
 * The error codes `@hop3/engine` raises itself (errors from core, kit and plugins pass through
 * with their own codes). Switch on these, never on message text.
 */
export const EngineErrorCodes = {
  /** No app of that name (bad input). */
  appNotFound: 'HOP3_APP_NOT_FOUND',
  /** The app has no successful deploy yet, so there is nothing to start, scale or put behind the proxy. */
  appNotDeployed: 'HOP3_APP_NOT_DEPLOYED',
  /** The new version did not answer on its own port in time (or its web process failed). */
  healthGateFailed: 'HOP3_HEALTH_GATE_FAILED',
  /** A prebuild, postbuild or prerun command failed. */
  buildHookFailed: 'HOP3_HOOK_FAILED',
  /** The new release runs, but the previous deployer's processes could not be stopped. */
  retireFailed: 'HOP3_RETIRE_FAILED',
  /** No addon service of that name (bad input). */
  serviceNotFound: 'HOP3_SERVICE_NOT_FOUND',
  /** The service name is taken by a service of another type (bad input). */
  serviceExists: 'HOP3_SERVICE_EXISTS',
  /** The service is attached to an app and cannot be destroyed. */
  serviceInUse: 'HOP3_SERVICE_IN_USE',
  /** `addons detach` of a service the app does not have attached; nothing changed (bad input). */
  serviceNotAttached: 'HOP3_SERVICE_NOT_ATTACHED',
  /** The addon type runs no server of its own to start or stop. */
  serviceNotControllable: 'HOP3_SERVICE_NOT_CONTROLLABLE',
  /** No release of that number, or it cannot be rolled back to (failed, live, or its files are gone) (bad input). */
  releaseNotFound: 'HOP3_RELEASE_NOT_FOUND',
  /** `rollback` without a number, and no earlier release that went live is kept (bad input). */
  noPreviousRelease: 'HOP3_NO_PREVIOUS_RELEASE',
  /** `plugins install` refused the package (not a hop3 plugin, incompatible, fails to load, or a second core); nothing was installed. */
  pluginRefused: 'HOP3_PLUGIN_REFUSED',
  /** npm could not install or uninstall the package; the plugin folder is as it was. */
  pluginInstallFailed: 'HOP3_PLUGIN_INSTALL_FAILED',
  /** `plugins uninstall|disable` of a plugin whose strategies apps or services use (bad input; `force` overrides). */
  pluginInUse: 'HOP3_PLUGIN_IN_USE',
  /** `plugins uninstall` of a package the plugin folder does not hold. */
  pluginNotInstalled: 'HOP3_PLUGIN_NOT_INSTALLED',
  /** `plugins disable|enable|prefer` naming a plugin the host does not know, or one that does not provide the strategy. */
  unknownPlugin: 'HOP3_UNKNOWN_PLUGIN',
  /** A push was refused before deploying: another branch, a tag, or deleting the deploy branch (bad input). */
  pushRefused: 'HOP3_PUSH_REFUSED',
  /** A repository path over SSH that is not an app's repository (`git-upload-pack '/etc'`) (bad input). */
  repoRefused: 'HOP3_REPO_REFUSED',
  /** An SSH key asked for something it may not run: a shell, another program, a non-hop3 command (bad input). */
  sshRefused: 'HOP3_SSH_REFUSED',
  /** `hop3 -r <name>`: no such git remote, or it is not a hop3 server's (bad input). */
  remoteNotFound: 'HOP3_REMOTE_NOT_FOUND',
  /** The app's proxy does not manage certificates (`hop3 certs` needs a proxy that does, such as nginx). */
  certificatesUnsupported: 'HOP3_CERTIFICATES_UNSUPPORTED',
  /** `hop3 certs renew --all` ran and at least one app's renewal failed (each app's reason is in `details.failures`). */
  renewalsFailed: 'HOP3_RENEWALS_FAILED',
  /** HOP3_ROOT exists and is not a directory (bad input). */
  rootNotADirectory: 'HOP3_ROOT_NOT_A_DIRECTORY',
  /** The host interrupted the operation (Ctrl-C, SIGTERM); what it had started was undone. */
  interrupted: 'HOP3_INTERRUPTED',
  /** A value the host passed is refused (a name, --env, a count, a HOP3_* setting): core's shared code. */
  invalidInput: ErrorCodes.invalidInput,
} as const;

export type EngineErrorCode = (typeof EngineErrorCodes)[keyof typeof EngineErrorCodes];

/** The engine's errors: an unknown app or service, a taken name, a bad HOP3_ROOT or value is bad input. */
export const engineError = errorFactory<EngineErrorCode>({
  input: [
    EngineErrorCodes.appNotFound,
    EngineErrorCodes.serviceNotFound,
    EngineErrorCodes.serviceExists,
    EngineErrorCodes.serviceNotAttached,
    EngineErrorCodes.rootNotADirectory,
    EngineErrorCodes.releaseNotFound,
    EngineErrorCodes.noPreviousRelease,
    EngineErrorCodes.pushRefused,
    EngineErrorCodes.repoRefused,
    EngineErrorCodes.sshRefused,
    EngineErrorCodes.remoteNotFound,
    EngineErrorCodes.invalidInput,
    EngineErrorCodes.pluginRefused,
    EngineErrorCodes.pluginNotInstalled,
    EngineErrorCodes.pluginInUse,
    EngineErrorCodes.unknownPlugin,
  ],
});
