import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Start a build's section in the app's build log (appended: earlier builds stay readable; 0600: output may hold secrets). */
export async function startBuildLog(logDir: string, appName: string, builder: string): Promise<string> {
  await mkdir(logDir, { recursive: true });
  const file = join(logDir, 'build.log');
  await appendFile(file, `\n===== ${new Date().toISOString()} build of ${appName} with "${builder}" =====\n`, { mode: 0o600 });
  return file;
}

export async function appendBuildLog(file: string, line: string): Promise<void> {
  await appendFile(file, `${line}\n`, { mode: 0o600 });
}
