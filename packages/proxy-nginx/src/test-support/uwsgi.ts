import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitUntil } from '@hop3/kit';
import { existsSync } from 'node:fs';

const WSGI_APP = `import json

def application(environ, start_response):
    seen = {key: value for key, value in environ.items() if key.startswith('HTTP_') or key in ('PATH_INFO', 'QUERY_STRING', 'REQUEST_METHOD')}
    body = json.dumps({'from': 'uwsgi-backend', 'environ': seen}).encode()
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]
`;

/** A real uWSGI serving a one-file WSGI app on a unix socket, in the foreground; kill() stops it. */
export async function startUwsgi(dir: string): Promise<{ socket: string; stop(): Promise<void> }> {
  const socket = join(dir, 'app.sock');
  const app = join(dir, 'app.py');
  await writeFile(app, WSGI_APP);
  const child = spawn(
    'uwsgi',
    ['--plugin', 'python3', '--socket', socket, '--chmod-socket=660', '--wsgi-file', app, '--need-app', '--master', '--processes', '1', '--die-on-term', '--logto', join(dir, 'uwsgi.log')],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.on('exit', () => (exited = true));
  await waitUntil(() => exited || existsSync(socket), { description: `uWSGI to create ${socket}`, timeoutMs: 20_000 });
  if (exited) throw new Error(`uWSGI exited at start; see ${join(dir, 'uwsgi.log')}`);
  return {
    socket,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      await waitUntil(() => exited, { description: 'uWSGI to exit', timeoutMs: 10_000 }).catch(() => child.kill('SIGKILL'));
    },
  };
}
