import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HOP3_BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface Hop3Outcome {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** Run the built `hop3` binary; never throws on a non-zero exit (tests assert on it). */
/** `uid`/`gid` run it as another account (a test's throwaway user). */
export function runHop3(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; uid?: number; gid?: number } = {}): Promise<Hop3Outcome> {
  if (!existsSync(HOP3_BIN)) throw new Error(`${HOP3_BIN} is missing: run "npm run build" (npm test builds first)`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [HOP3_BIN, ...args],
      { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024, timeout: 300_000, ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }) },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
        resolve({
          code,
          stdout,
          stderr,
          json<T>() {
            try {
              return JSON.parse(stdout) as T;
            } catch {
              throw new Error(`hop3 ${args.join(' ')} did not print JSON (exit ${code}).\nstdout: ${stdout}\nstderr: ${stderr}`);
            }
          },
        });
      },
    );
  });
}
