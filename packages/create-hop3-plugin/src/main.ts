import { relative } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { isHop3Error } from '@hop3/core';
import { KINDS, parseCommandLine, resolveOptions } from './options.js';
import { askMissing } from './prompts.js';
import { scaffold } from './scaffold.js';

export const HELP_TEXT = `Usage: npm create hop3-plugin@latest <dir> -- [--kind <kind>]... [--name <package>] [--strategy <name>]
       create-hop3-plugin <dir> [options]

Scaffolds a TypeScript Hop3 plugin package in <dir> (missing or empty): package.json
(hop3.apiVersion, @hop3/core peer range), a working strategy of each kind, a vitest test
running the @hop3/testkit conformance suites, a README and a changeset setup.

Options:
  -k, --kind <kind>      ${KINDS.join(' | ')} (repeat, or separate with commas; default builder,deployer)
  -n, --name <package>   hop3-plugin-<name> or @scope/hop3-plugin-<name> (default from <dir>)
  -s, --strategy <name>  the strategies' name (default: the package name after "hop3-plugin-")
  -h, --help             this text

On a terminal, what is missing is asked for.
`;

export interface Io {
  cwd: string;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
}

/** The command; returns the exit code (0 done, 2 bad input, 1 anything else). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    let raw = parseCommandLine(argv);
    if (raw.help) {
      io.stdout.write(HELP_TEXT);
      return 0;
    }
    if (io.stdin.isTTY === true && io.stdout.isTTY === true && (raw.directory === undefined || raw.kinds === undefined)) {
      raw = await askMissing(raw, io.stdin, io.stdout);
    }
    const options = resolveOptions(raw, io.cwd);
    const { directory, files } = await scaffold(options);
    const shown = relative(io.cwd, directory) || '.';
    io.stdout.write(
      `Created ${options.packageName} in ${shown} (${options.kinds.map((kind) => `${kind} "${options.strategy}"`).join(', ')}):\n` +
        files.map((file) => `  ${file}\n`).join('') +
        `\nNext:\n  cd ${shown}\n  npm install\n  npm run build && npm test\n  hop3 plugins install "$PWD"\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`create-hop3-plugin: ${(error as Error).message}\n`);
    return isHop3Error(error) && error.badInput ? 2 : 1;
  }
}
