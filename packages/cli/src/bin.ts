#!/usr/bin/env node
// The `hop3` entry point. Kept tiny: `--help` and `--version` import nothing else, and each
// command module is loaded only when that command runs.
import { readFileSync } from 'node:fs';
import { HELP_TEXT } from './help.js';
import { enableCompileCache } from './io/compile-cache.js';

// `hop3 plugins | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const argv = process.argv.slice(2);
// `--json` is a global option: it may come before the command too.
const json = argv.includes('--json');
const first = argv.find((arg) => arg !== '--json');

// With --json, stdout holds exactly one JSON object, as for every command (a missing command is
// then main's usage error).
if ((first === undefined && !json) || first === '--help' || first === '-h' || first === 'help') {
  process.stdout.write(json ? `${JSON.stringify({ help: HELP_TEXT })}\n` : HELP_TEXT);
  process.exitCode = first === undefined ? 2 : 0;
} else if (first === '--version' || first === '-v') {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(json ? `${JSON.stringify({ version: pkg.version })}\n` : `${pkg.version}\n`);
} else {
  enableCompileCache();
  const { main } = await import('./main.js');
  process.exitCode = await main(argv);
}
