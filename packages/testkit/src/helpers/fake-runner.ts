import { Hop3Error } from '@hop3/core';
import { KitErrorCodes, type RunOptions, type RunResult } from '@hop3/kit';

/** What the fake program "printed" and how it exited. */
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

/** Same signature as `runCommand` from `@hop3/kit`: inject it where your code takes a runner. */
export type FakeCommandRunner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export interface FakeRunner {
  run: FakeCommandRunner;
  /** Every call, in order. */
  readonly calls: RecordedCall[];
  /** Every call as one line (`apt-get install -y sl`). */
  commands(): string[];
}

/**
 * A scripted stand-in for kit's `runCommand` that records every call. `reply` answers each
 * call (undefined = exit 0, no output). Like the real one it throws `HOP3_COMMAND_FAILED` on a
 * non-zero exit unless `allowFailure` is set. For unit tests of your own logic only: tests of
 * what a program really does run the program.
 */
export function fakeRunner(reply: (command: string, args: readonly string[]) => FakeReply | undefined = () => undefined): FakeRunner {
  const calls: RecordedCall[] = [];
  const run: FakeCommandRunner = async (command, args, options = {}) => {
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
