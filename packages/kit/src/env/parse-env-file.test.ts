import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { parseEnvFile } from './parse-env-file.js';

function thrown(fn: () => unknown): Error & { code: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code: string; details: Record<string, unknown> };
  }
  throw new Error('expected a failure');
}

describe('parseEnvFile', () => {
  it('reads assignments, export, comments, blank lines and quotes', () => {
    const text = [
      '# database',
      '',
      'DATABASE_URL=postgres://u@localhost/db',
      'export PORT=8000',
      "  SINGLE = 'a \\n $literal # not a comment'  ",
      'DOUBLE="line1\\nline2\\t\\"q\\" \\\\ \\d"',
      'URL=http://x/#fragment',
      'TRAILING=value # comment',
      'QUOTED_COMMENT="v" # comment',
      'EMPTY=',
      'EQUALS=a=b=c',
      'export=1',
    ].join('\r\n');
    expect(parseEnvFile(text)).toEqual({
      DATABASE_URL: 'postgres://u@localhost/db',
      PORT: '8000',
      SINGLE: 'a \\n $literal # not a comment',
      DOUBLE: 'line1\nline2\t"q" \\ \\d',
      URL: 'http://x/#fragment',
      TRAILING: 'value',
      QUOTED_COMMENT: 'v',
      EMPTY: '',
      EQUALS: 'a=b=c',
      export: '1',
    });
  });

  it('lets a later line win and keeps __proto__ a plain key', () => {
    const parsed = parseEnvFile('A=1\nA=2\n__proto__=x\n');
    expect(parsed.A).toBe('2');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['A', '__proto__']);
  });

  it('ignores a byte order mark and an empty text', () => {
    expect(parseEnvFile('\uFEFFA=1')).toEqual({ A: '1' });
    expect(parseEnvFile('')).toEqual({});
  });

  const malformed: Array<[string, string, number, string]> = [
    ['a line without =', 'A=1\nJUST_A_WORD\n', 2, 'expected KEY=value'],
    ['an invalid name', '# ok\n\n1ABC=x', 3, 'invalid variable name "1ABC"'],
    ['a name with a dash', 'MY-VAR=x', 1, 'invalid variable name "MY-VAR"'],
    ['an empty name', '=x', 1, 'invalid variable name ""'],
    ['an unterminated double quote', 'A=1\nB="abc\nC=2', 2, 'unterminated double-quoted value'],
    ['an escaped closing quote', 'B="abc\\"', 1, 'unterminated double-quoted value'],
    ['an unterminated single quote', "A='abc", 1, 'unterminated single-quoted value'],
    ['text after a closing quote', 'A="a" b', 1, 'unexpected text after the closing quote'],
    ['export without assignment', 'export A', 1, 'expected KEY=value'],
  ];
  it.each(malformed)('rejects %s with its line number', (_label, text, line, message) => {
    const error = thrown(() => parseEnvFile(text, { source: '/srv/app/ENV' }));
    expect(hasErrorCode(error, 'HOP3_INVALID_ENV_FILE')).toBe(true);
    expect(error.message).toContain(`/srv/app/ENV:${line}: `);
    expect(error.message).toContain(message);
    expect(error.details).toEqual({ source: '/srv/app/ENV', line });
  });
});
