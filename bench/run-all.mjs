#!/usr/bin/env node
// Runs every bench/*.bench.mjs in turn (alphabetical), a header before each; a failing bench does
// not stop the others. Exits 1 if any bench failed (exit code ≠ 0 or killed by a signal).
//
//   npm run bench        (builds the packages first)
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).sort();

const run = (file) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, file)], { stdio: 'inherit' });
    child.once('error', (error) => resolve({ code: 1, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

// Ctrl-C reaches the children (same process group); let them clean up, and stop after the current one.
let interrupted = false;
process.on('SIGINT', () => (interrupted = true));
process.on('SIGTERM', () => (interrupted = true));

const results = [];
for (const file of files) {
  if (interrupted) break;
  console.log(`\n===== ${file} ${'='.repeat(Math.max(0, 60 - file.length))}\n`);
  const started = performance.now();
  const { code, signal, error } = await run(file);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = code === 0;
  results.push({ file, ok, how: ok ? 'ok' : error ? `could not start: ${error.message}` : signal ? `killed by ${signal}` : `exit ${code}`, seconds });
}

console.log(`\n===== summary ${'='.repeat(54)}\n`);
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.file.padEnd(28)} ${r.how.padEnd(12)} ${r.seconds} s`);
if (interrupted) console.log('interrupted: the remaining benches were not run');
const failed = results.filter((r) => !r.ok).length;
process.exitCode = failed > 0 || interrupted ? 1 : 0;
