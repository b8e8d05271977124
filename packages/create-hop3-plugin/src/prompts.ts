import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { DEFAULT_KINDS, KINDS, defaultPackageName, type RawOptions } from './options.js';

/** Ask for what the command line left out (on a terminal only); answers are checked like flags. */
export async function askMissing(raw: RawOptions, input: Readable, output: Writable): Promise<RawOptions> {
  const rl = createInterface({ input, output });
  try {
    const ask = async (question: string, fallback: string): Promise<string> => {
      const answer = (await rl.question(`${question} (${fallback}): `)).trim();
      return answer === '' ? fallback : answer;
    };
    const directory = raw.directory ?? (await ask('Directory of the new plugin', 'hop3-plugin-my-plugin'));
    const name = raw.name ?? (await ask('Package name', defaultPackageName(directory)));
    const kinds =
      raw.kinds !== undefined && raw.kinds.length > 0
        ? raw.kinds
        : (await ask(`Strategy kinds, comma-separated (${KINDS.join(', ')})`, DEFAULT_KINDS.join(','))).split(',').map((kind) => kind.trim());
    return { ...raw, directory, name, kinds };
  } finally {
    rl.close();
  }
}
