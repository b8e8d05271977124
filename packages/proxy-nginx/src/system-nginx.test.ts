import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import { resolveNginxServer } from './server.js';
import { reloadSystemNginx, sitesIncluded, startSystemNginx, stopSystemNginx, systemNginxStatus } from './system-nginx.js';
import { createServer, type Server } from 'node:net';
import { failure } from '@hop3/testkit';
import { mkdir } from 'node:fs/promises';
import { recordingLogger } from '@hop3/testkit';

// Fake programs that record their arguments: this tests our fallback order, not nginx.
let dir: string;
let savedPath: string | undefined;

async function fakeProgram(name: string, exitCode: number): Promise<void> {
  const file = join(dir, name);
  await writeFile(file, `#!/bin/sh\necho "${name} $*" >> "${join(dir, 'calls.log')}"\nexit ${exitCode}\n`);
  await chmod(file, 0o755);
}

async function calls(): Promise<string[]> {
  return (await readFile(join(dir, 'calls.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-sysnginx-'));
  savedPath = process.env.PATH;
  process.env.PATH = `${dir}${delimiter}${savedPath ?? ''}`;
});

afterEach(async () => {
  process.env.PATH = savedPath;
  await rm(dir, { recursive: true, force: true });
});

// A private pid file and port: the machine's own nginx (the system-mode e2e test may run it)
// must not be measured here.
function server(port = 1) {
  return {
    ...resolveNginxServer({ layout: createLayout(dir), env: { HOP3_SERVICES: 'system', HOP3_NGINX_BIN: join(dir, 'nginx'), HOP3_HTTP_PORT: String(port) } }),
    pidFile: join(dir, 'nginx.pid'),
  };
}

describe('reloadSystemNginx', () => {
  it('uses supervisorctl (a graceful HUP) when supervisord manages nginx', async () => {
    await fakeProgram('supervisorctl', 0);
    await fakeProgram('nginx', 0);
    expect(await reloadSystemNginx(server(), recordingLogger(), { systemdIsInit: false })).toBe('supervisorctl');
    expect(await calls()).toEqual(['supervisorctl status nginx', 'supervisorctl signal HUP nginx', 'nginx -T']);
  });

  it('uses systemctl when systemd is PID 1 and supervisord does not manage nginx', async () => {
    await fakeProgram('supervisorctl', 4);
    await fakeProgram('systemctl', 0);
    await fakeProgram('nginx', 0);
    expect(await reloadSystemNginx(server(), recordingLogger(), { systemdIsInit: true })).toBe('systemctl');
    expect(await calls()).toEqual(['supervisorctl status nginx', 'systemctl reload nginx', 'nginx -T']);
  });

  it('falls back to nginx -s reload without supervisord or systemd', async () => {
    await fakeProgram('supervisorctl', 4); // "no such process"
    await fakeProgram('nginx', 0);
    expect(await reloadSystemNginx(server(), recordingLogger(), { systemdIsInit: false })).toBe('nginx -s reload');
    expect(await calls()).toEqual(['supervisorctl status nginx', 'nginx -s reload', 'nginx -T']);
  });

  it('warns instead of failing when nothing can reload nginx', async () => {
    await fakeProgram('supervisorctl', 4);
    await fakeProgram('nginx', 1);
    const log = recordingLogger();
    expect(await reloadSystemNginx(server(), log, { systemdIsInit: false })).toBeNull();
    expect(log.lines.some((line) => line.startsWith('warn:') && line.includes('nginx -s reload'))).toBe(true);
  });
});

describe('the system nginx as a service', () => {
  it('keeps the sites under HOP3_ROOT by default (hop3 setup includes them from /etc/nginx/conf.d)', () => {
    expect(server().sitesDir).toBe(join(dir, 'nginx', 'sites'));
    expect(server().pidFile).toBe(join(dir, 'nginx.pid'));
    expect(resolveNginxServer({ layout: createLayout(dir), env: { HOP3_SERVICES: 'system' } })).toMatchObject({ pidFile: '/run/nginx.pid', httpPort: 80, httpsPort: 443 });
  });

  it('status is measured: a pid file alone is not "running"', async () => {
    await writeFile(join(dir, 'nginx.pid'), `${process.pid}\n`);
    expect(await systemNginxStatus(server())).toEqual({ running: false, pid: process.pid, answers: false, startedByHop3: false, includesSites: null });
  });

  it('refuses to start when another program holds the port, and runs nothing', async () => {
    await fakeProgram('nginx', 0);
    const other: Server = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as { port: number }).port;
      const error = await failure(startSystemNginx(server(port), recordingLogger(), { systemdIsInit: false }));
      expect(error.code).toBe('HOP3_NGINX_START_FAILED');
      expect(error.message).toContain(`port ${port} is already taken by another program`);
      expect(await calls()).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('reports nginx -t\'s words and does not start a broken configuration', async () => {
    await writeFile(join(dir, 'nginx'), `#!/bin/sh\necho "nginx $*" >> "${join(dir, 'calls.log')}"\necho 'nginx: [emerg] unknown directive "bogus" in /etc/nginx/conf.d/x.conf:1' >&2\nexit 1\n`);
    await chmod(join(dir, 'nginx'), 0o755);
    const error = await failure(startSystemNginx(server(), recordingLogger(), { systemdIsInit: false }));
    expect(error.code).toBe('HOP3_NGINX_CONFIG_INVALID');
    expect(error.message).toContain('[emerg] unknown directive "bogus"');
    expect(await calls()).toEqual(['nginx -T', 'nginx -t -q']);
  });

  it('stop leaves alone a system nginx that hop3 did not start', async () => {
    await fakeProgram('nginx', 0);
    await writeFile(join(dir, 'nginx.pid'), `${process.pid}\n`);
    const log = recordingLogger();
    expect(await stopSystemNginx(server(), log)).toBe(false);
    expect(await calls()).toEqual([]);
    expect(log.lines.join('\n')).toContain('not started by "hop3 server start"');
  });

  it('stop forgets a marker whose nginx is gone', async () => {
    const s = server();
    await mkdir(join(dir, 'run'), { recursive: true });
    await writeFile(s.startedMarker, '999999\n');
    expect(await stopSystemNginx(s, recordingLogger())).toBe(false);
    await expect(readFile(s.startedMarker, 'utf8')).rejects.toThrow();
  });
});

describe('sitesIncluded', () => {
  async function nginxDumping(files: string[]): Promise<void> {
    const dump = files.map((file) => `# configuration file ${file}:\\nserver {}\\n`).join('');
    await writeFile(join(dir, 'nginx'), `#!/bin/sh\nprintf '${dump}'\n`);
    await chmod(join(dir, 'nginx'), 0o755);
  }

  it('is measured from nginx -T: the sites dir\'s shared file must be among the loaded files', async () => {
    await nginxDumping(['/etc/nginx/nginx.conf', server().commonConfig]);
    expect(await sitesIncluded(server())).toBe(true);
    await nginxDumping(['/etc/nginx/nginx.conf', '/etc/nginx/sites-enabled/default']);
    expect(await sitesIncluded(server())).toBe(false);
  });

  it('a reload warns, naming the fix, when nginx does not read the sites', async () => {
    await fakeProgram('supervisorctl', 4);
    await nginxDumping(['/etc/nginx/nginx.conf']);
    const log = recordingLogger();
    expect(await reloadSystemNginx(server(), log, { systemdIsInit: false })).toBe('nginx -s reload');
    expect(log.lines.join('\n')).toContain(`does not include ${server().sitesDir}/*.conf`);
    expect(log.lines.join('\n')).toContain('hop3 setup');
  });
});
