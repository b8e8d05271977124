import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A copy of the app's Dockerfile in `dir` with Hop3's labels appended as ONE `LABEL` instruction.
 * Why: the legacy builder turns each `--label` flag into its own step, each a container commit
 * (~0.35 s apiece here), and none of them can come from the cache once the release changes.
 * One instruction at the very end keeps every earlier layer cacheable and costs one step.
 * A `<Dockerfile>.dockerignore` beside it (BuildKit reads it) is copied along.
 */
export async function labelledDockerfile(dockerfile: string, dir: string, labels: Record<string, string>): Promise<string> {
  const text = await readFile(dockerfile, 'utf8');
  const pairs = Object.entries(labels).map(([key, value]) => `${JSON.stringify(key)}=${JSON.stringify(value)}`).join(' ');
  const target = join(dir, 'Dockerfile');
  await writeFile(target, `${text}${text.endsWith('\n') ? '' : '\n'}LABEL ${pairs}\n`, { mode: 0o600 });
  const ignore = `${dockerfile}.dockerignore`;
  if (existsSync(ignore)) await copyFile(ignore, `${target}.dockerignore`);
  return target;
}
