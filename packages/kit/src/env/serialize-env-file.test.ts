import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { parseEnvFile } from './parse-env-file.js';
import { serializeEnvFile } from './serialize-env-file.js';

function thrown(fn: () => unknown): Error & { code: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('expected a failure');
}

/** Deterministic pseudo-random strings over the characters that matter to quoting. */
function randomValues(count: number): string[] {
  const alphabet = ['a', 'Z', '0', ' ', '\t', '\n', '\r', '"', "'", '\\', '#', '$', '=', '`', 'é', '😀', 'n', '/', ':'];
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  return Array.from({ length: count }, () => Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join(''));
}

describe('serializeEnvFile', () => {
  it('sorts keys and quotes only when needed', () => {
    const text = serializeEnvFile({ B: 'plain-value_1.2:3/x@y', A: 'has space', C: "it's", D: 'two\nlines', E: '' });
    expect(text).toBe(["A='has space'", 'B=plain-value_1.2:3/x@y', 'C="it\'s"', 'D="two\\nlines"', 'E=', ''].join('\n'));
  });

  it('round-trips with parseEnvFile', () => {
    const values = randomValues(300);
    const record = Object.fromEntries(values.map((value, index) => [`K${index}`, value]));
    record.EDGE_1 = ' leading and trailing ';
    record.EDGE_2 = '# looks like a comment';
    record.EDGE_3 = '\\n is not a newline';
    record.EDGE_4 = '"\'"';
    expect(parseEnvFile(serializeEnvFile(record))).toEqual(record);
  });

  it('writes nothing for an empty record', () => {
    expect(serializeEnvFile({})).toBe('');
  });

  it.each(['1ABC', 'MY-VAR', '', 'A B', 'A=B', 'Ä'])('refuses the name %j', (name) => {
    const error = thrown(() => serializeEnvFile({ GOOD: 'x', [name]: 'v' }));
    expect(hasErrorCode(error, 'HOP3_INVALID_INPUT')).toBe(true);
    expect(error.message).toContain(JSON.stringify(name));
  });

  it('refuses a NUL without showing the value', () => {
    const error = thrown(() => serializeEnvFile({ SECRET: 'hunter2\0' }));
    expect(hasErrorCode(error, 'HOP3_INVALID_INPUT')).toBe(true);
    expect(error.message).toContain('SECRET');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a value that is not a string', () => {
    const error = thrown(() => serializeEnvFile({ PORT: 8000 as unknown as string }));
    expect(error.message).toContain('PORT must be a string');
  });
});
