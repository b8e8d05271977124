// Keeps the uWSGI emperor running where no service manager does (HOP3_SERVICES=system without
// systemd as PID 1): `hop3 server start` starts this detached; it restarts the emperor when it
// exits unexpectedly (1 s, doubling up to 30 s while it keeps dying young) and, told to stop
// (SIGTERM/SIGINT), stops it cleanly with SIGINT and exits once it is gone.
// Plain JavaScript without dependencies: it runs from src/ and from the published package alike.
// Usage: node emperor-supervisor.mjs <own-pid-file> <uwsgi> <emperor arguments…>
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

const [pidFile, command, ...args] = process.argv.slice(2);
if (!pidFile || !command) {
  process.stderr.write('usage: emperor-supervisor.mjs <pid-file> <uwsgi> <args…>\n');
  process.exit(2);
}

const YOUNG_MS = 30_000;
let child = null;
let stopping = false;
let delay = 500;

const log = (message) => process.stderr.write(`${new Date().toISOString()} hop3 emperor supervisor: ${message}\n`);

function finish() {
  rmSync(pidFile, { force: true });
  process.exit(0);
}

function start() {
  const started = Date.now();
  let ended = false;
  const current = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  child = current;
  const onEnd = (why) => {
    if (ended) return;
    ended = true;
    child = null;
    if (stopping) finish();
    delay = Date.now() - started > YOUNG_MS ? 1000 : Math.min(delay * 2, 30_000);
    log(`the emperor ended (${why}); restarting it in ${delay / 1000} s`);
    setTimeout(start, delay);
  };
  current.on('error', (error) => onEnd(error.message));
  current.on('exit', (code, signal) => onEnd(signal ?? `exit code ${code}`));
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    stopping = true;
    if (child) child.kill('SIGINT');
    else finish();
  });
}
process.on('SIGHUP', () => undefined); // detached: no terminal to hang up

writeFileSync(pidFile, `${process.pid}\n`);
start();
