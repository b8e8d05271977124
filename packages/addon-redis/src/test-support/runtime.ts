import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLayout, type StrategyRuntime } from '@hop3/core';

/** A runtime on a fresh temp HOP3_ROOT whose logger keeps every line (to look for secrets). */
export interface TestRuntime extends StrategyRuntime {
  lines: string[];
  cleanup(): Promise<void>;
}

export async function makeTestRuntime(env: Record<string, string> = {}): Promise<TestRuntime> {
  const root = await mkdtemp(join(tmpdir(), 'hop3-redis-'));
  const lines: string[] = [];
  return {
    layout: createLayout(root),
    env: { ...env, HOP3_ROOT: root },
    log: {
      info: (message) => lines.push(`info ${message}`),
      warn: (message) => lines.push(`warn ${message}`),
      debug: (message) => lines.push(`debug ${message}`),
    },
    lines,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** The same HOP3_ROOT with other settings (a second host process, say). */
export function withEnv(runtime: TestRuntime, env: Record<string, string>): TestRuntime {
  return { ...runtime, env: { ...runtime.env, ...env } };
}

/**
 * Integration tests need the real redis-server. Missing, they fail (in CI and locally alike)
 * with a message saying what to install, rather than being skipped.
 */
export function requireRedisPrograms(): void {
  for (const program of ['redis-server', 'redis-check-rdb']) {
    try {
      execFileSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' });
    } catch {
      throw new Error(`${program} is not installed: apt-get install redis-server (CI=${process.env.CI ?? 'unset'})`);
    }
  }
}
