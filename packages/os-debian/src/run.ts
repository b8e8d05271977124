import { runCommand, type RunOptions, type RunResult } from '@hop3/kit';

/** How the strategy runs programs; tests inject a recorder, hosts may add logging. */
export type CommandRunner = (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export const defaultRunner: CommandRunner = runCommand;

/** A program the strategy ran, as reported to hosts (`--json`) and tests. */
export interface RanCommand {
  command: string;
  args: string[];
}
