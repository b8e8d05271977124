import { describe, expect, it } from 'vitest';
import { renderVassal, type VassalInput } from './render-vassal.js';
import { readAppTuning } from './settings.js';
import { workerEnv } from './worker-env.js';

const base: VassalInput = {
  app: 'shop',
  kind: 'wsgi',
  ordinal: 1,
  generation: 4,
  command: 'app:application',
  chdir: '/h/apps/shop/releases/4',
  logFile: '/h/apps/shop/log/wsgi.1.log',
  env: workerEnv({ app: 'shop', appEnv: { GREETING: '100%', UWSGI_PROCESSES: '3' }, venv: '/h/apps/shop/venv', binDirs: ['/h/apps/shop/venv/bin'], home: '/h/apps/shop', port: 9001 }),
  tuning: readAppTuning({}),
  uid: null,
  gid: null,
  processTag: '0a1b2c3d',
  processes: 3,
  venv: '/h/apps/shop/venv',
  socket: '/h/run/uwsgi/shop_wsgi.g4.sock',
  httpPort: 9001,
};

const lines = (text: string): string[] => text.split('\n');

describe('renderVassal', () => {
  it('renders a wsgi vassal: module, processes, venv, unix socket and http-socket', () => {
    const text = renderVassal(base);
    expect(lines(text)[0]).toBe('[uwsgi]');
    expect(lines(text)).toEqual(
      expect.arrayContaining([
        'master = true',
        'procname-prefix = 0a1b2c3d/shop:wsgi:',
        'logfile-chmod = 600',
        'chdir = /h/apps/shop/releases/4',
        'logto = /h/apps/shop/log/wsgi.1.log',
        'log-maxsize = 1048576',
        'log-master-stream = true',
        'plugins = python3',
        'module = app:application',
        'need-app = true',
        'processes = 3',
        'virtualenv = /h/apps/shop/venv',
        'socket = /h/run/uwsgi/shop_wsgi.g4.sock',
        'chmod-socket = 660',
        'http-socket = 127.0.0.1:9001',
        'env = PORT=9001',
        'env = APP=shop',
        'env = VIRTUAL_ENV=/h/apps/shop/venv',
        'env = PATH=/h/apps/shop/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'env = HOME=/h/apps/shop',
        'env = GREETING=100%%',
      ]),
    );
    expect(text).not.toContain('UWSGI_PROCESSES');
    expect(text).not.toContain('max-requests'); // opt-in: synchronized recycling stalls the app
    expect(text).not.toContain('uid =');
    expect(text).not.toContain('attach-daemon');
  });

  it('recycles workers only when UWSGI_MAX_REQUESTS asks for it', () => {
    const text = renderVassal({ ...base, tuning: readAppTuning({ UWSGI_MAX_REQUESTS: '5000' }) });
    expect(lines(text)).toContain('max-requests = 5000');
  });

  it('renders a web vassal that runs the command with attach-daemon2 and its own PORT', () => {
    const text = renderVassal({ ...base, kind: 'web', ordinal: 2, command: 'node server.js --a,b', env: { PORT: '9002' }, socket: null, httpPort: 9002 });
    expect(lines(text)).toContain('attach-daemon2 = cmd=exec node server.js --a\\,b,stopsignal=15,reloadsignal=15');
    expect(lines(text)).toContain('procname-prefix = 0a1b2c3d/shop:web:');
    expect(lines(text)).toContain('env = PORT=9002');
    expect(text).not.toContain('plugins');
    expect(text).not.toContain('socket');
  });

  it('renders background workers like web workers, and cron kinds with uWSGI cron syntax', () => {
    const worker = renderVassal({ ...base, kind: 'worker', command: 'python worker.py', env: {} });
    expect(lines(worker)).toContain('attach-daemon2 = cmd=exec python worker.py,stopsignal=15,reloadsignal=15');
    const both = renderVassal({ ...base, kind: 'worker', command: 'python setup.py && python worker.py', env: {} });
    expect(lines(both)).toContain('attach-daemon2 = cmd=python setup.py && python worker.py,stopsignal=15,reloadsignal=15');
    const cron = renderVassal({ ...base, kind: 'cron2', command: '*/10 2 * * * python job.py', env: {} });
    expect(lines(cron)).toContain('cron = -10 2 -1 -1 -1 python job.py');
    expect(cron).not.toContain('attach-daemon');
  });

  it('adds uid/gid when set', () => {
    const text = renderVassal({ ...base, uid: 'hop3', gid: 'www-data' });
    expect(lines(text)).toEqual(expect.arrayContaining(['uid = hop3', 'gid = www-data', 'logfile-chown = true']));
  });

  it('refuses an env value uWSGI would expand', () => {
    expect(() => renderVassal({ ...base, env: { TOKEN: '$(HOME)' } })).toThrow(/TOKEN/);
  });
});
