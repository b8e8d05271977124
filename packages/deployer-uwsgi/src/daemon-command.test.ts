import { describe, expect, it } from 'vitest';
import { daemonShellCommand, isPlainCommand } from './daemon-command.js';

describe('daemonShellCommand', () => {
  it('execs one plain program so it gets signals directly', () => {
    expect(daemonShellCommand('node worker.js --queue a')).toBe('exec node worker.js --queue a');
    expect(daemonShellCommand('  python -m app.worker  ')).toBe('exec python -m app.worker');
    expect(daemonShellCommand('gunicorn app:app -b 127.0.0.1:$PORT')).toBe('exec gunicorn app:app -b 127.0.0.1:$PORT');
  });

  it.each([
    'npm run migrate && node server.js', // the list form of [run] workers
    './a.sh; ./b.sh',
    'a || b',
    'producer | consumer',
    'node w.js 2>&1',
    '(cd sub && node w.js)',
    '{ a; b; }',
    'while true; do ./tick; sleep 5; done',
    'FOO=1 node w.js',
    'exec node w.js',
    '! false',
  ])('runs "%s" as written under /bin/sh -c (no exec binding to its first part)', (command) => {
    expect(isPlainCommand(command)).toBe(false);
    expect(daemonShellCommand(command)).toBe(command);
  });
});
