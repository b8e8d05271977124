import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSince, startupFailureIn } from './startup-failure.js';

const FAILED_IMPORT = [
  '*** Operational MODE: single process ***',
  'Traceback (most recent call last):',
  '  File "/srv/app/app.py", line 1, in <module>',
  '    import notamodule',
  "ModuleNotFoundError: No module named 'notamodule'",
  "unable to load app 0 (mountpoint='') (callable not found or import error)",
  '*** no app loaded. GAME OVER ***',
].join('\n');

describe('startupFailureIn', () => {
  it('a wsgi vassal that could not load its app has exited: the reason names the exception', () => {
    expect(startupFailureIn(FAILED_IMPORT, { family: 'wsgi', kind: 'wsgi' })).toBe(
      "the wsgi process could not load the app and exited: ModuleNotFoundError: No module named 'notamodule'",
    );
  });

  it('a wsgi vassal still starting, or serving, is no failure', () => {
    expect(startupFailureIn('*** Operational MODE: single process ***\nWSGI app 0 (mountpoint=\'\') ready in 0 seconds', { family: 'wsgi', kind: 'wsgi' })).toBeNull();
    expect(startupFailureIn('', { family: 'wsgi', kind: 'wsgi' })).toBeNull();
  });

  it('a web command respawned twice is not coming up; once may be a slow start', () => {
    const spawn = '[uwsgi-daemons] spawning "exec node server.js" (uid: 0 gid: 0)\nError: Cannot find module';
    const respawn = '\n[uwsgi-daemons] throttling "exec node server.js" for 1 seconds\n[uwsgi-daemons] respawning "exec node server.js" (uid: 0 gid: 0)\nError: Cannot find module';
    expect(startupFailureIn(spawn + respawn, { family: 'web', kind: 'web' })).toBeNull();
    expect(startupFailureIn(spawn + respawn + respawn, { family: 'web', kind: 'web' })).toBe('the web process exited 3 times since it was started');
  });
});

describe('readSince', () => {
  it('reads only what was logged after the offset, or everything once the log was rotated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hop3-log-'));
    try {
      const file = join(dir, 'wsgi.1.log');
      await writeFile(file, 'old failure: unable to load app\n');
      const offset = 'old failure: unable to load app\n'.length;
      await appendFile(file, 'new start\n');
      expect(await readSince(file, offset)).toBe('new start\n');
      await writeFile(file, 'rotated\n');
      expect(await readSince(file, offset)).toBe('rotated\n');
      expect(await readSince(join(dir, 'missing.log'), 0)).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
