import type { BuildArtifact, DeploymentContext } from '../data/deployment.js';
import type { Acceptor, MaybePromise } from './common.js';

/** Turns an app's source directory into a runnable {@link BuildArtifact}. */
export interface Builder extends Acceptor {
  readonly name: string;
  readonly context: DeploymentContext;
  /**
   * Before anything is written (the source is not copied yet, `context.sourcePath` is the user's
   * own directory): refuse what `build()` would refuse in the app's own files — a manifest that
   * does not parse, a version request nothing satisfies — reading files only. Optional.
   */
  preflight?(): MaybePromise<void>;
  /** Build the app; throw `Abort` for problems the user can fix (failed install, bad config). */
  build(): MaybePromise<BuildArtifact>;
}
