import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export function buildLogPath(logDir: string): string {
  return join(logDir, 'build.log');
}

/** Start a build's section in the app's build log (appended: earlier builds stay readable). */
export async function startBuildLog(logDir: string, appName: string, builder: string): Promise<string> {
  await mkdir(logDir, { recursive: true });
  const file = buildLogPath(logDir);
  await appendFile(file, `\n===== ${new Date().toISOString()} build of ${appName} with "${builder}" =====\n`);
  return file;
}

export async function appendBuildLog(file: string, line: string): Promise<void> {
  await appendFile(file, `${line}\n`);
}
