import { hasErrorCode } from '@hop3/core';
import { KitErrorCodes, lastLines, runCommand } from '@hop3/kit';
import { stepFailed, type StepKind } from './errors.js';

/** One program run of a build: what it is called in messages, and how it runs. */
export interface StepRun {
  /** The step's name in messages ("npm ci", "build script"). */
  step: string;
  /** What kind of step it is (it decides the Abort's code when it fails). */
  kind: StepKind;
  command: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  logFile: string;
  timeoutMs: number;
  onLine?: (line: string) => void;
  /** A line added to the failure message (how to fix the usual cause). */
  hint?: (output: string) => string | undefined;
}

/** The tool's own error lines and the last lines of its output, for a failure message. */
export function errorLinesOf(stdout: string, stderr: string): string[] {
  const all = `${stdout}\n${stderr}`.split(/\r?\n/).map((line) => line.trimEnd());
  const errors = all.filter((line) => /\b(ERR!?|ERR_[A-Z_]+|error|Error)\b/.test(line) && !/^npm (warn|notice)/.test(line)).map((line) => line.trim());
  // The first error lines say what went wrong (npm's "not in sync" comes before its list of missing packages).
  const lines = errors.slice(0, 14);
  for (const line of lastLines(stderr || stdout, 6)) if (!lines.includes(line.trim())) lines.push(line.trim());
  return lines.filter((line) => line !== '');
}

/** Run one step; a failure, a missing program or a timeout is an Abort naming the step, with the tool's lines. */
export async function runStep(run: StepRun): Promise<string> {
  let result;
  try {
    result = await runCommand(run.command, run.args, {
      cwd: run.cwd,
      env: run.env,
      extendEnv: false,
      logFile: run.logFile,
      timeoutMs: run.timeoutMs,
      allowFailure: true,
      input: '',
      ...(run.onLine ? { onLine: (line: string) => run.onLine?.(line) } : {}),
    });
  } catch (error) {
    const why = hasErrorCode(error, KitErrorCodes.commandTimeout)
      ? [`stopped after ${Math.round(run.timeoutMs / 1000)} s`]
      : [(error as Error).message.split('\n')[0] ?? String(error)];
    throw stepFailed({ step: run.step, kind: run.kind, lines: why, logFile: run.logFile, cause: error });
  }
  if (result.exitCode === 0) return result.stdout;
  const output = `${result.stdout}\n${result.stderr}`;
  const hint = run.hint?.(output);
  throw stepFailed({ step: run.step, kind: run.kind, lines: errorLinesOf(result.stdout, result.stderr), logFile: run.logFile, exitCode: result.exitCode, ...(hint ? { hint } : {}) });
}

/** The usual cause of a frozen install's failure, in words. */
export function lockfileHint(output: string): string | undefined {
  if (/in sync|lockfile needs to be updated|OUTDATED_LOCKFILE|is not up to date|lockfile would have been modified|YN0028/i.test(output)) {
    return 'The lockfile does not match package.json: run the install locally and commit the updated lockfile.';
  }
  return undefined;
}

