import { describe, expect, it } from 'vitest';
import { emptyAppConfig } from '@hop3/core';
import { mergeAppEnv, parseAssignments } from './app-env.js';

describe('parseAssignments', () => {
  it('keeps everything after the first "=" as the value', () => {
    expect(parseAssignments(['A=1', 'URL=postgres://u:p@h/db?x=y', 'EMPTY=']).values).toEqual({
      A: '1',
      URL: 'postgres://u:p@h/db?x=y',
      EMPTY: '',
    });
  });

  it('reports every bad item', () => {
    const { problems } = parseAssignments(['NOEQUALS', '1A=x', 'A-B=x', 'OK=1', 'NL=a\nb']);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toContain('NOEQUALS');
    expect(problems.join('\n')).toContain('NL: value must be on one line');
  });

  it('names the key of a bad item, never its value', () => {
    const secret = 'leakme-value-42';
    const items = [`1ABC=${secret}`, `A-B=${secret}`, secret.replace(/-/g, ':'), `postgres://u:${secret}@h/db=1`, `X=${secret}\n`, `Y=$(${secret})`];
    const { problems, values } = parseAssignments(items);
    expect(values).toEqual({});
    expect(problems).toHaveLength(items.length);
    const text = problems.join('\n');
    expect(text).not.toContain('leakme');
    expect(problems[0]).toBe('"1ABC" is not a valid key: use letters, digits and _, not starting with a digit (KEY=value)');
    expect(problems[2]).toBe('assignment 3 has no "=": write KEY=value');
    expect(problems[3]).toMatch(/^assignment 4 is not a valid key/);
    expect(problems[4]).toMatch(/^the value of X: /);
  });

  it('says when an item has nothing before "="', () => {
    expect(parseAssignments(['=v']).problems).toEqual(['the assignment has nothing before "=": write KEY=value']);
    expect(parseAssignments(['A=1', '=v']).problems).toEqual(['assignment 2 has nothing before "=": write KEY=value']);
  });
});

describe('mergeAppEnv', () => {
  it('lets user settings win over services, and services over hop3.toml', () => {
    const config = { ...emptyAppConfig(), env: { A: 'toml', B: 'toml', C: 'toml' } };
    expect(mergeAppEnv({ config, services: { B: 'service', C: 'service' }, user: { C: 'user' } })).toEqual({
      A: 'toml',
      B: 'service',
      C: 'user',
    });
  });
});
