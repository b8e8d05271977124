#!/usr/bin/env node
// Copies one container's output into a log file of the app, so `hop3 logs` shows it, and keeps
// following it across the container's restarts (`docker logs -f` ends when the container
// stops). Exits once the container is removed. Started detached by the docker deployer:
//
//   node log-pump.mjs DOCKER_BIN CONTAINER LOG_FILE STATE_FILE
//
// STATE_FILE keeps the timestamp of the last line copied, so a pump started again (after a
// reboot, or by `hop3 start`) continues where the previous one stopped instead of copying twice.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [bin, container, logFile, stateFile] = process.argv.slice(2);
if (!bin || !container || !logFile || !stateFile) {
  process.stderr.write('usage: log-pump.mjs DOCKER_BIN CONTAINER LOG_FILE STATE_FILE\n');
  process.exit(2);
}

let since = '';
try {
  since = readFileSync(stateFile, 'utf8').trim();
} catch {
  since = '';
}
let savedAt = 0;

function save(force = false) {
  const now = Date.now();
  if (!force && now - savedAt < 1000) return;
  savedAt = now;
  try {
    writeFileSync(stateFile, `${since}\n`, { mode: 0o600 });
  } catch {
    // the app is being destroyed
  }
}

function exists() {
  const result = spawnSync(bin, ['inspect', '--type', 'container', '--format', '{{.Id}}', container], { stdio: 'ignore' });
  return result.status === 0;
}

function follow() {
  return new Promise((resolve) => {
    const args = ['logs', '--follow', '--timestamps', ...(since ? ['--since', since] : []), container];
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const copy = (stream) => {
      createInterface({ input: stream }).on('line', (line) => {
        const space = line.indexOf(' ');
        const stamp = space > 0 ? line.slice(0, space) : '';
        if (!/^\d{4}-\d\d-\d\dT/.test(stamp)) return; // docker's own messages, not the app's
        if (since && stamp <= since) return; // --since is inclusive: already copied
        since = stamp;
        try {
          appendFileSync(logFile, `${line.slice(space + 1)}\n`, { mode: 0o600 });
        } catch {
          // log dir removed (destroy): the container goes next
        }
        save();
      });
    };
    copy(child.stdout);
    copy(child.stderr);
    child.on('close', resolve);
    child.on('error', resolve);
  });
}

for (;;) {
  await follow();
  save(true);
  if (!exists()) break;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
