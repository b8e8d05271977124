#!/usr/bin/env node
// Copies one container's output into a log file of the app, so `hop3 logs` shows it, and keeps
// following it across the container's restarts (`docker logs -f` ends when the container
// stops). Started detached by the docker deployer:
//
//   node log-pump.mjs DOCKER_BIN CONTAINER LOG_FILE STATE_FILE [PID_FILE]
//
// STATE_FILE keeps the timestamp of the last line copied, so a pump started again (after a
// reboot, or by `hop3 start`) continues where the previous one stopped instead of copying twice.
// Once the container is removed, the pump removes STATE_FILE and PID_FILE (when it names this
// process) and exits; it writes nothing after that.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [bin, container, logFile, stateFile, pidFile] = process.argv.slice(2);
if (!bin || !container || !logFile || !stateFile) {
  process.stderr.write('usage: log-pump.mjs DOCKER_BIN CONTAINER LOG_FILE STATE_FILE [PID_FILE]\n');
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

/** 'yes', 'gone' (docker says there is no such container) or 'unknown' (docker cannot be asked). */
function exists() {
  const result = spawnSync(bin, ['inspect', '--type', 'container', '--format', '{{.Id}}', container], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status === 0) return 'yes';
  return /no such (container|object)/i.test(result.stderr ?? '') ? 'gone' : 'unknown';
}

/** The container is gone for good: nothing of this pump may stay behind. */
function removeOwnFiles() {
  try {
    rmSync(stateFile, { force: true });
    if (pidFile && readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile, { force: true });
  } catch {
    // already removed (destroy)
  }
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
  const state = exists();
  if (state === 'gone') {
    removeOwnFiles();
    break;
  }
  save(true);
  // Docker cannot be asked: keep the place; the next status or start starts a pump again.
  if (state === 'unknown') break;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
