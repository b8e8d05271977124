import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLayout, type StrategyRuntime } from '@hop3/core';
import { recordingLogger, type RecordingLogger } from './recording-logger.js';

/** A StrategyRuntime on a private HOP3_ROOT, whose logger keeps every line. */
export interface TestRuntime extends StrategyRuntime {
  /** The private HOP3_ROOT (also `layout.root` and `env.HOP3_ROOT`). */
  readonly root: string;
  readonly log: RecordingLogger;
  /** Every logged line (same array as `log.lines`). */
  readonly lines: string[];
  /** The same HOP3_ROOT and logger with other settings (a second host process, say). */
  withEnv(env: Record<string, string | undefined>): TestRuntime;
  /** Remove the HOP3_ROOT. Stop what your strategies started first. Idempotent. */
  cleanup(): Promise<void>;
}

export interface TestRuntimeOptions {
  /** Server settings the strategies read (`HOP3_*`, `PATH`…). `HOP3_ROOT` is set for you; PATH is inherited unless given. */
  env?: Record<string, string | undefined>;
  /** Prefix of the temp dir's name (default `hop3-test-`). */
  prefix?: string;
}

/** A runtime on a fresh temp HOP3_ROOT (mode 0700). */
export async function createTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const root = await mkdtemp(join(tmpdir(), options.prefix ?? 'hop3-test-'));
  const log = recordingLogger();
  const make = (env: Record<string, string | undefined>): TestRuntime => ({
    root,
    layout: createLayout(root),
    env,
    log,
    lines: log.lines,
    withEnv: (extra) => make({ ...env, ...extra }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  });
  return make({ PATH: process.env.PATH, ...options.env, HOP3_ROOT: root });
}
