import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deployApp, type DeployResult } from '../deploy/deploy-app.js';
import type { EngineHost } from '../host/engine-host.js';
import { checkoutPushedCommit } from './checkout.js';
import { appRepoPath } from './app-repo.js';
import { deployBranches, deployedUpdate, parseRefUpdates } from './push-updates.js';

export interface ReceivePushInput {
  app: string;
  /** pre-receive's stdin: one `<old> <new> <ref>` line per ref. */
  updates: string;
  /** The hook's environment (git's quarantine variables), default the engine's. */
  gitEnv?: Readonly<Record<string, string | undefined>>;
  /** Interrupts the deploy, as DeployRequest's `signal`. */
  signal?: AbortSignal;
}

export interface ReceivePushResult extends DeployResult {
  commit: string;
  ref: string;
}

/**
 * Deploy a push from the app repository's pre-receive hook: refuse anything but the deploy
 * branch, check the pushed commit out (submodules too) and deploy it as a release whose source is
 * the commit. Rejects on any failure, and the hook's non-zero exit makes git reject the push:
 * the repository's ref and the running version stay as they were.
 */
export async function receivePush(host: EngineHost, input: ReceivePushInput): Promise<ReceivePushResult> {
  const update = deployedUpdate(parseRefUpdates(input.updates), deployBranches(host.env), input.app);
  const repo = appRepoPath(host.layout, input.app);
  const dir = await checkoutPushedCommit(repo, update.newSha, join(host.layout.runDir, 'checkouts'), input.gitEnv ?? host.env);
  try {
    const result = await deployApp(host, {
      sourceDir: dir,
      appName: input.app,
      source: { kind: 'git', commit: update.newSha, ref: update.ref },
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
    return { ...result, commit: update.newSha, ref: update.ref };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
