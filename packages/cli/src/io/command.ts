/** What every command receives: its arguments and the process's I/O, injectable for tests. */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** True when stderr is a terminal and no `--json` was given: progress lines are shown. */
  interactive: boolean;
}

export interface Command {
  summary: string;
  usage: string;
  /** Returns the process exit code. Throw `UsageError` for bad arguments. */
  run(args: readonly string[], io: CommandIO): Promise<number>;
}

export function defaultIO(): CommandIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stderr.isTTY),
  };
}
