import { lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import { failure, fakeRunner, recordingLogger, type FakeReply } from '@hop3/testkit';
import type { DebianContext } from '../../context.js';
import { applySystemFiles } from './apply-system-files.js';
import { planSystemFiles } from './plan-system-files.js';
import { renderNginxInclude } from './render-nginx-include.js';
import { renderEmperorUnit, renderRenewService } from './render-units.js';
import { resolveSystemSettings } from './system-settings.js';

// Our own logic against a fake /etc (a temp dir) and fake programs: what is written, removed,
// run and rolled back. The real nginx and emperor are exercised by cli's system-mode test.
let dir: string;
let etc: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-sysfiles-'));
  etc = join(dir, 'sys');
  await mkdir(join(etc, 'etc/nginx/sites-available'), { recursive: true });
  await mkdir(join(etc, 'etc/nginx/sites-enabled'), { recursive: true });
  await mkdir(join(etc, 'etc/nginx/conf.d'), { recursive: true });
  await writeFile(join(etc, 'etc/nginx/sites-available/default'), 'server { listen 80 default_server; }\n');
  await symlink(join(etc, 'etc/nginx/sites-available/default'), join(etc, 'etc/nginx/sites-enabled/default'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const HOP3 = ['/usr/bin/node', '/opt/hop3/bin.js'];

function context(env: Record<string, string>, reply?: (command: string, args: readonly string[]) => FakeReply | undefined, systemd = false) {
  const fake = fakeRunner(reply);
  const log = recordingLogger();
  const ctx: DebianContext = {
    layout: createLayout('/srv/hop3'),
    env,
    log,
    run: fake.run,
    isRoot: () => true,
    lockTimeoutSeconds: 1,
    osReleasePath: '/dev/null',
    systemRoot: etc,
    systemd,
    hop3Command: HOP3,
  };
  return { ctx, fake, log };
}

const SYSTEM = { HOP3_SERVICES: 'system' };
const include = () => join(etc, 'etc/nginx/conf.d/hop3.conf');
const defaultLink = () => join(etc, 'etc/nginx/sites-enabled/default');

describe('rendering', () => {
  it('the nginx include pulls the sites from HOP3_ROOT and answers unknown hosts with 404', () => {
    const text = renderNginxInclude(resolveSystemSettings(createLayout('/srv/hop3'), SYSTEM));
    expect(text).toContain('include /srv/hop3/nginx/sites/*.conf;');
    expect(text).toContain('    listen 80 default_server;\n    listen [::]:80 default_server;\n    listen 443 ssl default_server;\n    listen [::]:443 ssl default_server;');
    expect(text).toContain('ssl_reject_handshake on;');
    expect(text).toContain('return 404 "No app is served under this hostname on this server.\\n";');
  });

  it('follows the ports, the IPv6 switch and the sites dir the proxy uses', () => {
    const text = renderNginxInclude(
      resolveSystemSettings(createLayout('/srv/hop3'), { ...SYSTEM, HOP3_HTTP_PORT: '8081', HOP3_HTTPS_PORT: '8444', HOP3_NGINX_IPV6: '0', HOP3_NGINX_SITES_DIR: '/etc/hop3-sites' }),
    );
    expect(text).toContain('include /etc/hop3-sites/*.conf;');
    expect(text).toContain('listen 8081 default_server;');
    expect(text).toContain('listen 8444 ssl default_server;');
    expect(text).not.toContain('[::]');
  });

  it('the emperor unit runs the emperor hop3 finds by its pid file, with a clean environment', () => {
    const text = renderEmperorUnit(resolveSystemSettings(createLayout('/srv/hop3'), SYSTEM));
    expect(text).toContain('ExecStart=/usr/bin/uwsgi --emperor /srv/hop3/uwsgi/enabled --emperor-pidfile /srv/hop3/run/uwsgi-emperor.pid --emperor-freq 1\n');
    expect(text).toContain('KillSignal=SIGINT');
    expect(text).toContain('Restart=always');
    expect(text).toContain('WantedBy=multi-user.target');
  });

  it('the renewal job runs hop3 certs renew --all with the settings of this setup', () => {
    const text = renderRenewService(resolveSystemSettings(createLayout('/srv/hop3'), { ...SYSTEM, HOP3_ACME_EMAIL: 'ops@example.com', PATH: '/x' }), HOP3);
    expect(text).toContain('ExecStart=/usr/bin/node /opt/hop3/bin.js certs renew --all');
    expect(text).toContain('Environment=HOP3_ACME_EMAIL=ops@example.com\nEnvironment=HOP3_ROOT=/srv/hop3\nEnvironment=HOP3_SERVICES=system\n');
    expect(text).not.toContain('PATH');
  });

  it('refuses values that could break out of a config line, naming the setting', () => {
    expect(() => resolveSystemSettings(createLayout('/srv/hop 3'), SYSTEM)).toThrow(/HOP3_ROOT/);
    expect(() => resolveSystemSettings(createLayout('/srv/hop3'), { ...SYSTEM, HOP3_NGINX_SITES_DIR: '/x;include /etc/shadow' })).toThrow(/HOP3_NGINX_SITES_DIR/);
    expect(() => resolveSystemSettings(createLayout('/srv/hop3'), { ...SYSTEM, HOP3_HTTP_PORT: '80x' })).toThrow(/HOP3_HTTP_PORT/);
    expect(() => resolveSystemSettings(createLayout('/srv/hop3'), { ...SYSTEM, HOP3_ACME_EMAIL: 'a b\nExecStart=/bin/sh' })).toThrow(/HOP3_ACME_EMAIL/);
  });
});

describe('plan and apply, without systemd', () => {
  it('writes nothing outside system mode', async () => {
    const { ctx, fake } = context({});
    const work = await planSystemFiles(ctx, ctx);
    expect(work.plan).toMatchObject({ applies: false, files: [], services: [] });
    expect((await applySystemFiles(ctx, work)).changed).toBe(false);
    expect(fake.calls).toEqual([]);
  });

  it('plans the include and the removal of Debian\'s default site; the plan changes nothing', async () => {
    const { ctx, fake } = context(SYSTEM);
    const { plan } = await planSystemFiles(ctx, ctx);
    expect(plan.files.map((f) => [f.path.slice(etc.length), f.action])).toEqual([
      ['/etc/nginx/conf.d/hop3.conf', 'create'],
      ['/etc/nginx/sites-enabled/default', 'remove'],
    ]);
    expect(plan.services.map((s) => [s.name, s.action])).toEqual([
      ['nginx', 'not-running'],
      ['uwsgi emperor', 'started-by-hop3-server-start'],
      ['certificate renewal', 'started-by-hop3-server-start'],
    ]);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    await expect(lstat(include())).rejects.toThrow();
    expect(await readlink(defaultLink())).toContain('sites-available/default');
    expect(fake.calls).toEqual([]);
  });

  it('applies after nginx -t accepts, and a second run changes nothing and runs nothing', async () => {
    const { ctx, fake } = context(SYSTEM);
    const first = await applySystemFiles(ctx, await planSystemFiles(ctx, ctx));
    expect(first.changed).toBe(true);
    expect(fake.commands()).toEqual(['nginx -t -q']);
    expect(await readFile(include(), 'utf8')).toContain('include /srv/hop3/nginx/sites/*.conf;');
    await expect(lstat(defaultLink())).rejects.toThrow();
    expect(await readFile(join(etc, 'etc/nginx/sites-available/default'), 'utf8')).toContain('default_server'); // kept

    const again = await planSystemFiles(ctx, ctx);
    expect(again.plan.files.map((f) => f.action)).toEqual(['unchanged']);
    const second = await applySystemFiles(ctx, again);
    expect(second.changed).toBe(false);
    expect(fake.commands()).toEqual(['nginx -t -q']);
  });

  it('puts everything back when nginx -t refuses, and says why', async () => {
    await writeFile(include(), '# an older hop3.conf\n');
    const { ctx } = context(SYSTEM, (command) =>
      command === 'nginx' ? { exitCode: 1, stderr: 'nginx: [emerg] a duplicate default server for 0.0.0.0:80 in /etc/nginx/sites-enabled/mine:2' } : undefined,
    );
    const error = await failure(applySystemFiles(ctx, await planSystemFiles(ctx, ctx)));
    expect(error.code).toBe('HOP3_OS_SETUP_FAILED');
    expect(error.message).toContain('[emerg] a duplicate default server for 0.0.0.0:80');
    expect(error.message).toContain('nothing changed');
    expect(await readFile(include(), 'utf8')).toBe('# an older hop3.conf\n');
    expect(await readlink(defaultLink())).toBe(join(etc, 'etc/nginx/sites-available/default'));
  });

  it('says to install nginx when it cannot be run, and changes nothing', async () => {
    const { ctx } = context(SYSTEM, (command) => {
      if (command === 'nginx') throw new Error('spawn nginx ENOENT');
      return undefined;
    });
    const error = await failure(applySystemFiles(ctx, await planSystemFiles(ctx, ctx)));
    expect(error.code).toBe('HOP3_OS_SETUP_FAILED');
    expect(error.message).toContain('install nginx');
    await expect(lstat(include())).rejects.toThrow();
    expect(await readlink(defaultLink())).toBe(join(etc, 'etc/nginx/sites-available/default'));
  });

  it('reloads a running nginx gracefully after a change', async () => {
    await mkdir(join(etc, 'run'), { recursive: true });
    await writeFile(join(etc, 'run/nginx.pid'), `${process.pid}\n`); // a live pid stands for the master
    const { ctx, fake } = context(SYSTEM);
    const work = await planSystemFiles(ctx, ctx);
    expect(work.plan.services[0]).toMatchObject({ name: 'nginx', action: 'reload' });
    await applySystemFiles(ctx, work);
    expect(fake.commands()).toEqual(['nginx -t -q', 'nginx -s reload']);
  });

  it('leaves a default site that is not Debian\'s stock link alone', async () => {
    await rm(defaultLink());
    await writeFile(defaultLink(), 'server { listen 80; }\n');
    const { ctx } = context(SYSTEM);
    const { plan } = await planSystemFiles(ctx, ctx);
    expect(plan.files.map((f) => f.action)).toEqual(['create']);
  });
});

describe('plan and apply where systemd is PID 1', () => {
  it('writes the emperor unit and the renewal timer, then enables and starts them', async () => {
    const { ctx, fake } = context(SYSTEM, (command, args) => (command === 'systemctl' && args[0]!.startsWith('is-') ? { exitCode: 1 } : undefined), true);
    const work = await planSystemFiles(ctx, ctx);
    expect(work.plan.files.map((f) => f.path.slice(etc.length))).toEqual([
      '/etc/nginx/conf.d/hop3.conf',
      '/etc/nginx/sites-enabled/default',
      '/etc/systemd/system/hop3-uwsgi.service',
      '/etc/systemd/system/hop3-certs-renew.service',
      '/etc/systemd/system/hop3-certs-renew.timer',
    ]);
    expect(work.plan.services.map((s) => [s.name, s.action])).toEqual([
      ['nginx', 'not-running'],
      ['hop3-uwsgi.service', 'enable-and-start'],
      ['hop3-certs-renew.timer', 'enable-and-start'],
    ]);
    await applySystemFiles(ctx, work);
    expect(fake.commands().filter((c) => !c.startsWith('systemctl is-'))).toEqual([
      'nginx -t -q',
      'systemctl daemon-reload',
      'systemctl enable --now hop3-uwsgi.service',
      'systemctl enable --now hop3-certs-renew.timer',
    ]);
    expect(await readFile(join(etc, 'etc/systemd/system/hop3-certs-renew.timer'), 'utf8')).toContain('OnCalendar=daily');
  });

  it('a second run with the units enabled and active changes nothing', async () => {
    const { ctx, fake } = context(SYSTEM, undefined, true);
    await applySystemFiles(ctx, await planSystemFiles(ctx, ctx));
    const before = fake.calls.length;
    const again = await planSystemFiles(ctx, ctx);
    expect(again.plan.services.map((s) => s.action)).toEqual(['not-running', 'unchanged', 'unchanged']);
    expect((await applySystemFiles(ctx, again)).changed).toBe(false);
    expect(fake.calls.slice(before).every((c) => c.command === 'systemctl' && c.args[0]!.startsWith('is-'))).toBe(true);
  });
});
