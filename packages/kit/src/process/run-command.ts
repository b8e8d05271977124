import { appendFile } from 'node:fs/promises';
import { kitError, KitErrorCodes } from '../errors.js';

// execa is loaded on first use: plugins import this module at start-up, and hosts such as
// `hop3 plugins` must stay fast when no program is run.
let execaModule: Promise<typeof import('execa')> | undefined;
function loadExeca(): Promise<typeof import('execa')> {
  execaModule ??= import('execa');
  return execaModule;
}

/** runCommand's codes under their short names (the same strings as in {@link KitErrorCodes}). */
export const RunErrorCodes = {
  failed: KitErrorCodes.commandFailed,
  notFound: KitErrorCodes.commandNotFound,
  timeout: KitErrorCodes.commandTimeout,
} as const;

export interface RunOptions {
  cwd?: string;
  /** Extra variables; merged over process.env unless `extendEnv` is false. */
  env?: Record<string, string | undefined>;
  extendEnv?: boolean;
  /** Kill the program after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
  /** Text written to the program's stdin. */
  input?: string;
  /** Append the program's stdout and stderr to this file (a build log; created 0600: output may hold secrets). */
  logFile?: string;
  /** Run the program as this account (hop3 as root running an app's command as the app's user). */
  uid?: number;
  gid?: number;
  /** Resolve instead of throwing when the program exits non-zero. */
  allowFailure?: boolean;
  /** Number of stderr lines kept in a failure's message (default 20). */
  tailLines?: number;
  /** Values to mask in error messages and logs (passwords). */
  secrets?: readonly string[];
  /**
   * Called with each line of output as the program writes it (secrets masked), e.g. to show
   * pip's progress live. The output is still captured and logged as usual.
   */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface RunResult {
  command: string;
  args: readonly string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** The last `count` non-empty lines of `text`. */
export function lastLines(text: string, count: number): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '').slice(-count);
}

export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of secrets) if (secret) masked = masked.split(secret).join('****');
  return masked;
}

/** execa line transforms that hand each output line to `onLine` and pass it on unchanged. */
function lineForwarding(onLine: RunOptions['onLine'], secrets: readonly string[]) {
  if (onLine === undefined) return {};
  const forward = (stream: 'stdout' | 'stderr') => [
    function* (line: unknown) {
      try {
        onLine(maskSecrets(String(line), secrets), stream);
      } catch {
        // a display problem must not fail the command
      }
      yield line;
    },
  ];
  return { stdout: forward('stdout'), stderr: forward('stderr') };
}

/**
 * Run `command` with an argument array (never a shell string). Output is captured; a
 * non-zero exit, a missing program or a timeout becomes a typed error that names the command
 * and carries the last lines of stderr.
 */
export async function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const secrets = options.secrets ?? [];
  const display = maskSecrets([command, ...args].join(' '), secrets);
  const { execa } = await loadExeca();
  const result = await execa(command, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: options.extendEnv ?? true,
    timeout: options.timeoutMs ?? 600_000,
    input: options.input,
    uid: options.uid,
    gid: options.gid,
    reject: false,
    stripFinalNewline: true,
    all: false,
    ...lineForwarding(options.onLine, secrets),
  });
  const durationMs = Math.round(performance.now() - started);
  const stdout = typeof result.stdout === 'string' ? result.stdout : '';
  const stderr = typeof result.stderr === 'string' ? result.stderr : '';
  if (options.logFile) {
    const header = `$ ${display}\n`;
    await appendFile(options.logFile, maskSecrets(`${header}${stdout}${stdout ? '\n' : ''}${stderr}${stderr ? '\n' : ''}`, secrets), { mode: 0o600 });
  }
  const tail = lastLines(maskSecrets(stderr || stdout, secrets), options.tailLines ?? 20);
  const details = { command, args: args.map((a) => maskSecrets(a, secrets)), exitCode: result.exitCode ?? null, stderrTail: tail };

  if ((result as { code?: string }).code === 'ENOENT' || (result.failed && result.exitCode === undefined && /ENOENT/.test(String(result.message)))) {
    throw kitError({
      code: RunErrorCodes.notFound,
      message: `Program not found: ${command} (is it installed and on PATH?)`,
      cause: result.cause ?? result,
      details,
    });
  }
  if (result.timedOut) {
    throw kitError({
      code: RunErrorCodes.timeout,
      message: `Timed out after ${options.timeoutMs ?? 600_000} ms: ${display}`,
      cause: result.cause ?? result,
      details,
    });
  }
  const exitCode = result.exitCode ?? -1;
  if (exitCode !== 0 && !options.allowFailure) {
    const why = result.signal ? `was killed by ${result.signal}` : `exited with code ${exitCode}`;
    const body = tail.length > 0 ? `\n${tail.map((l) => `  ${l}`).join('\n')}` : '';
    throw kitError({ code: RunErrorCodes.failed, message: `Command ${why}: ${display}${body}`, cause: result.cause ?? result, details });
  }
  return { command, args, exitCode, stdout, stderr, durationMs };
}
