import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { daemonCommand, envLine, wsgiModule } from './ini-values.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('envLine', () => {
  it('escapes % (a uWSGI magic variable) and keeps everything else literal', () => {
    expect(envLine('DISCOUNT', '50%d off; # not a comment')).toBe('DISCOUNT=50%%d off; # not a comment');
    expect(envLine('URL', 'postgres://u:p@h/db?x=1,2')).toBe('URL=postgres://u:p@h/db?x=1,2');
  });

  it('refuses newlines, NUL, uWSGI expansions, trailing blanks and bad names with HOP3_UWSGI_INVALID_ENV', () => {
    expect(codeOf(() => envLine('A', 'one\ntwo'))).toBe('HOP3_UWSGI_INVALID_ENV');
    expect(codeOf(() => envLine('A', 'x\0y'))).toBe('HOP3_UWSGI_INVALID_ENV');
    expect(codeOf(() => envLine('A', 'run $(whoami)'))).toBe('HOP3_UWSGI_INVALID_ENV');
    expect(codeOf(() => envLine('A', '@(/etc/shadow)'))).toBe('HOP3_UWSGI_INVALID_ENV');
    expect(codeOf(() => envLine('A', 'x '))).toBe('HOP3_UWSGI_INVALID_ENV');
    expect(codeOf(() => envLine('1A', 'x'))).toBe('HOP3_UWSGI_INVALID_ENV');
    expect(codeOf(() => envLine('A B', 'x'))).toBe('HOP3_UWSGI_INVALID_ENV');
    let message = '';
    try {
      envLine('SECRET', 'a\nb');
    } catch (error) {
      message = (error as Error).message;
      expect(hasErrorCode(error, 'HOP3_UWSGI_INVALID_ENV')).toBe(true);
    }
    expect(message).toContain('SECRET');
    expect(message).not.toContain('a\nb');
  });
});

describe('daemonCommand', () => {
  it('escapes commas and backslashes for attach-daemon2', () => {
    expect(daemonCommand(' node server.js --tags a,b ', 'web')).toBe('node server.js --tags a\\,b');
    expect(daemonCommand('printf "%s\\n" x', 'worker')).toBe('printf "%%s\\\\n" x');
  });

  it('refuses an empty command', () => {
    expect(codeOf(() => daemonCommand('  ', 'worker'))).toBe('HOP3_UWSGI_INVALID_WORKER');
  });
});

describe('wsgiModule', () => {
  it('accepts module:callable and rejects anything else', () => {
    expect(wsgiModule('app:application')).toBe('app:application');
    expect(wsgiModule('pkg.wsgi')).toBe('pkg.wsgi');
    expect(codeOf(() => wsgiModule('gunicorn app:app'))).toBe('HOP3_UWSGI_INVALID_WORKER');
  });
});
