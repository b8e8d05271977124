import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * How to run this same `hop3` again from a git hook or an authorized_keys forced command: this
 * Node and this script (HOP3_BIN overrides it, for a host that embeds the CLI's main()).
 */
export function selfCommand(env: Readonly<Record<string, string | undefined>>): string[] {
  const script = env.HOP3_BIN ?? process.argv[1] ?? 'hop3';
  let path = resolve(script);
  try {
    path = realpathSync(path);
  } catch {
    // Not a file we can resolve (an embedding host): use it as given.
  }
  return [process.execPath, path];
}
