import { Hop3Error } from '@hop3/core';
import type { RunOptions, RunResult } from '@hop3/kit';
import type { CommandRunner } from '../run.js';
import { KitErrorCodes } from '@hop3/kit';

export interface FakeReply {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
}

export interface RecordedCall {
  command: string;
  args: string[];
  options: RunOptions;
}

/**
 * A scripted stand-in for runCommand that records every call. Like the real one it throws
 * HOP3_COMMAND_FAILED on a non-zero exit unless `allowFailure` is set.
 */
export function fakeRunner(reply: (command: string, args: readonly string[]) => FakeReply | undefined) {
  const calls: RecordedCall[] = [];
  const run: CommandRunner = async (command, args, options = {}) => {
    calls.push({ command, args: [...args], options });
    const answer = reply(command, args) ?? {};
    const result: RunResult = {
      command,
      args,
      exitCode: answer.exitCode ?? 0,
      stdout: answer.stdout ?? '',
      stderr: answer.stderr ?? '',
      durationMs: 1,
    };
    if (result.exitCode !== 0 && !options.allowFailure) {
      throw new Hop3Error({
        code: KitErrorCodes.commandFailed,
        message: `Command exited with code ${result.exitCode}: ${command} ${args.join(' ')}`,
        details: { exitCode: result.exitCode },
      });
    }
    return result;
  };
  return { run, calls, commands: () => calls.map((c) => [c.command, ...c.args].join(' ')) };
}

/** dpkg-query output for these installed packages, as the real program prints it. */
export function dpkgReply(installed: readonly string[], requested: readonly string[], otherStatus: Record<string, string> = {}): FakeReply {
  const known = [...installed.map((p) => `${p}\tinstalled`), ...Object.entries(otherStatus).map(([p, s]) => `${p}\t${s}`)];
  const unknown = requested.filter((p) => !installed.includes(p) && !(p in otherStatus));
  return {
    exitCode: unknown.length > 0 ? 1 : 0,
    stdout: known.sort().join('\n'),
    stderr: unknown.map((p) => `dpkg-query: no packages found matching ${p}`).join('\n'),
  };
}

export function memoryLog() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (m: string) => void lines.push(`info: ${m}`),
      warn: (m: string) => void lines.push(`warn: ${m}`),
      debug: (m: string) => void lines.push(`debug: ${m}`),
    },
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code: string; details: Record<string, unknown> };
  }
  throw new Error('expected the promise to reject');
}
