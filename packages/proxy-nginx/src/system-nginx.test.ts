import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import { resolveNginxServer } from './server.js';
import { reloadSystemNginx } from './system-nginx.js';
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

function server() {
  return resolveNginxServer({ layout: createLayout(dir), env: { HOP3_SERVICES: 'system', HOP3_NGINX_BIN: join(dir, 'nginx') } });
}

describe('reloadSystemNginx', () => {
  it('uses supervisorctl (a graceful HUP) when supervisord manages nginx', async () => {
    await fakeProgram('supervisorctl', 0);
    await fakeProgram('nginx', 0);
    expect(await reloadSystemNginx(server(), recordingLogger(), { systemdIsInit: false })).toBe('supervisorctl');
    expect(await calls()).toEqual(['supervisorctl status nginx', 'supervisorctl signal HUP nginx']);
  });

  it('uses systemctl when systemd is PID 1 and supervisord does not manage nginx', async () => {
    await fakeProgram('supervisorctl', 4);
    await fakeProgram('systemctl', 0);
    await fakeProgram('nginx', 0);
    expect(await reloadSystemNginx(server(), recordingLogger(), { systemdIsInit: true })).toBe('systemctl');
    expect(await calls()).toEqual(['supervisorctl status nginx', 'systemctl reload nginx']);
  });

  it('falls back to nginx -s reload without supervisord or systemd', async () => {
    await fakeProgram('supervisorctl', 4); // "no such process"
    await fakeProgram('nginx', 0);
    expect(await reloadSystemNginx(server(), recordingLogger(), { systemdIsInit: false })).toBe('nginx -s reload');
    expect(await calls()).toEqual(['supervisorctl status nginx', 'nginx -s reload']);
  });

  it('warns instead of failing when nothing can reload nginx', async () => {
    await fakeProgram('supervisorctl', 4);
    await fakeProgram('nginx', 1);
    const log = recordingLogger();
    expect(await reloadSystemNginx(server(), log, { systemdIsInit: false })).toBeNull();
    expect(log.lines.some((line) => line.startsWith('warn:') && line.includes('nginx -s reload'))).toBe(true);
  });
});
