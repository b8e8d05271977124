import type { BuildArtifact, DeploymentContext } from '../data/deployment.js';
import type { Acceptor, MaybePromise } from './common.js';

/** Turns an app's source directory into a runnable {@link BuildArtifact}. */
export interface Builder extends Acceptor {
  readonly name: string;
  readonly context: DeploymentContext;
  /** Build the app; throw `Abort` for problems the user can fix (failed install, bad config). */
  build(): MaybePromise<BuildArtifact>;
}
