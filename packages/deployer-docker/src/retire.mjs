#!/usr/bin/env node
// Retires the containers of a release that no longer serves: waits the drain period (requests
// the proxy sent before its switch finish), then stops them gracefully and removes them.
// Started detached by the docker deployers' commit(), so a redeploy returns once the new release
// serves instead of waiting out the drain (as Dokku retires old containers after the fact).
//
//   node retire.mjs DOCKER_BIN DRAIN_SECONDS STOP_TIMEOUT CONTAINER...
//
// The caller passes ids, resolved when the release was retired; they are checked again here at
// once: a container created later under the same name (a rollback to that release within the
// drain) is never touched.
import { spawnSync } from 'node:child_process';

const [bin, drain, stopTimeout, ...names] = process.argv.slice(2);
if (!bin || drain === undefined || stopTimeout === undefined || names.length === 0) {
  process.stderr.write('usage: retire.mjs DOCKER_BIN DRAIN_SECONDS STOP_TIMEOUT CONTAINER...\n');
  process.exit(2);
}

const run = (args) => spawnSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 120_000 });
const ids = run(['inspect', '--type', 'container', '--format', '{{.Id}}', ...names]).stdout?.split('\n').filter(Boolean) ?? [];
if (ids.length > 0) {
  setTimeout(() => {
    run(['stop', '--time', stopTimeout, ...ids]);
    run(['rm', '--force', ...ids]);
  }, Number(drain) * 1000);
}
