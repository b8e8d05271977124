import { appendFile, chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Start a build's section in the app's `build.log` and return its path. The log is appended
 * (earlier builds stay readable) and private, 0600: build output may hold secrets. A log an
 * older version left readable by others is made private too.
 */
export async function startBuildLog(logDir: string, appName: string, builder: string): Promise<string> {
  await mkdir(logDir, { recursive: true });
  const file = join(logDir, 'build.log');
  await appendFile(file, `\n===== ${new Date().toISOString()} build of ${appName} with "${builder}" =====\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** Add a line to a build log started with {@link startBuildLog}. */
export async function appendBuildLog(file: string, line: string): Promise<void> {
  await appendFile(file, `${line}\n`, { mode: 0o600 });
}
