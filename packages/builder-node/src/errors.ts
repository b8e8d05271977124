import { Abort, errorFactory } from '@hop3/core';

/** Stable error codes of the Node builder: the closed union {@link NodeBuildErrorCode}. */
export const NodeBuildErrorCodes = {
  /** The source has no package.json. */
  noPackageJson: 'HOP3_NODE_NO_PACKAGE_JSON',
  /** package.json is not valid JSON, or a field hop3 reads has the wrong type. */
  badPackageJson: 'HOP3_NODE_BAD_PACKAGE_JSON',
  /** Two package managers' lockfiles, or a `packageManager` field that contradicts the lockfile. */
  conflictingLockfiles: 'HOP3_NODE_CONFLICTING_LOCKFILES',
  /** pnpm or yarn without its lockfile: the install would not be reproducible. */
  lockfileRequired: 'HOP3_NODE_LOCKFILE_REQUIRED',
  /** A Node version request (engines.node, .nvmrc, .node-version, [build] node-version) that is not a version range. */
  badNodeVersion: 'HOP3_NODE_BAD_VERSION',
  /** No Node version satisfies the request: neither the system node nor an official build. */
  nodeVersionUnavailable: 'HOP3_NODE_VERSION_UNAVAILABLE',
  /** No web command: no Procfile web line, no [run] start, no scripts.start, no server.js. */
  noStartCommand: 'HOP3_NODE_NO_START_COMMAND',
  /** The system node (HOP3_NODE) or npm does not run. */
  nodeNotFound: 'HOP3_NODE_NOT_FOUND',
  /** Installing a tool (an official Node build, pnpm, yarn) into the tool cache failed. */
  toolInstallFailed: 'HOP3_NODE_TOOL_INSTALL_FAILED',
  /** The dependency install failed (an out-of-sync lockfile among others): the message has the package manager's lines. */
  installFailed: 'HOP3_NODE_INSTALL_FAILED',
  /** The build step (`[build] build`, the hop3-build or build script) failed. */
  buildFailed: 'HOP3_NODE_BUILD_FAILED',
  /** Removing the dev dependencies after the build failed. */
  pruneFailed: 'HOP3_NODE_PRUNE_FAILED',
} as const;

export type NodeBuildErrorCode = (typeof NodeBuildErrorCodes)[keyof typeof NodeBuildErrorCodes];

/** The Node builder's errors about the app's own files and settings: bad input, checked before anything runs. */
export const nodeError = errorFactory<NodeBuildErrorCode>({
  input: [
    NodeBuildErrorCodes.noPackageJson,
    NodeBuildErrorCodes.badPackageJson,
    NodeBuildErrorCodes.conflictingLockfiles,
    NodeBuildErrorCodes.lockfileRequired,
    NodeBuildErrorCodes.badNodeVersion,
    NodeBuildErrorCodes.nodeVersionUnavailable,
    NodeBuildErrorCodes.noStartCommand,
  ],
});

/** Which kind of step failed: each has its code. */
export type StepKind = 'tool' | 'install' | 'build' | 'prune';

/** A build step that failed: names the step, shows the tool's own lines and where the full log is. */
export function stepFailed(options: { step: string; kind: StepKind; lines: readonly string[]; logFile: string; exitCode?: number | null; cause?: unknown; hint?: string }): Abort {
  const status = options.exitCode == null ? '' : ` (exit code ${options.exitCode})`;
  const body = options.lines.length > 0 ? `\n${options.lines.map((line) => `  ${line}`).join('\n')}` : '';
  const hint = options.hint ? `\n${options.hint}` : '';
  return new Abort(`Node build step "${options.step}" failed${status}:${body}${hint}\nFull output in the build log: ${options.logFile}`, {
    code:
      options.kind === 'tool'
        ? NodeBuildErrorCodes.toolInstallFailed
        : options.kind === 'install'
          ? NodeBuildErrorCodes.installFailed
          : options.kind === 'build'
            ? NodeBuildErrorCodes.buildFailed
            : NodeBuildErrorCodes.pruneFailed,
    exitCode: 1,
    cause: options.cause,
    details: { step: options.step, exitCode: options.exitCode ?? null, errorLines: [...options.lines], logFile: options.logFile },
  });
}
