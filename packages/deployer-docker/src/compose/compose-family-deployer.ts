import type { ScaleDeltas } from '@hop3/core';
import { DockerDeployerBase, type Measured } from '../docker-deployer-base.js';
import { DockerErrorCodes, dockerError } from '../errors.js';
import { recordLiveRelease } from '../live-releases.js';
import { readComposeState, writeComposeState, type ComposeState } from './compose-state.js';

/**
 * What the deployers of compose apps (a Compose project, a Swarm stack) share around their
 * state file: commit's bookkeeping, rollback, scale and scaleTo. Each says how it undoes an
 * uncommitted rollout, what runs after a commit, how many of each service run now and how it
 * changes those counts.
 */
export abstract class ComposeFamilyDeployer<M extends Measured = Measured> extends DockerDeployerBase<M> {
  /** How the app is deployed, for "… has not been deployed <how>." */
  protected abstract readonly deployedAs: string;

  /** Remove what an uncommitted rollout started and put the previous release back. */
  protected abstract undoUncommitted(state: ComposeState): Promise<void>;

  /** After the new release is recorded live: retire what the rollout replaced, old images. */
  protected abstract afterCommit(state: ComposeState, rollout: NonNullable<ComposeState['rollout']>): Promise<void>;

  /** Containers (or tasks) per service now. */
  protected abstract currentCounts(state: ComposeState): Promise<Record<string, number>>;

  /** Check `counts` for the `changed` services, apply them and record them. */
  protected abstract applyCounts(state: ComposeState, counts: Record<string, number>, changed: readonly string[]): Promise<void>;

  commit(): Promise<void> {
    return this.locked(async () => {
      const state = await readComposeState(this.paths.root, this.appName);
      if (state === null || state.rollout === null) return;
      const rollout = state.rollout;
      state.rollout = null;
      state.committed = true;
      await writeComposeState(this.paths.root, state);
      await recordLiveRelease(this.paths.root, this.appName, state.release);
      await this.afterCommit(state, rollout);
    });
  }

  rollback(): Promise<void> {
    return this.locked(async () => {
      const state = await readComposeState(this.paths.root, this.appName);
      if (state !== null) await this.undoUncommitted(state);
    });
  }

  scale(deltas: ScaleDeltas): Promise<void> {
    return this.locked(async () => {
      const state = await this.requireState();
      const counts = await this.currentCounts(state);
      for (const [service, delta] of Object.entries(deltas)) counts[service] = (counts[service] ?? 0) + delta;
      await this.applyCounts(state, counts, Object.keys(deltas));
    });
  }

  scaleTo(absolute: Record<string, number>): Promise<void> {
    return this.locked(async () => {
      const state = await this.requireState();
      await this.applyCounts(state, { ...(await this.currentCounts(state)), ...absolute }, Object.keys(absolute));
    });
  }

  protected async requireState(): Promise<ComposeState> {
    const state = await readComposeState(this.paths.root, this.appName);
    if (state === null) throw dockerError({ code: DockerErrorCodes.invalidScale, message: `"${this.appName}" has not been deployed ${this.deployedAs}.` });
    return state;
  }
}
