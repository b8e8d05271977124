import { describe, expect, it } from 'vitest';
import { compareVersions, isValidRange, parseVersion, satisfies } from './semver.js';

function expectRange(range: string, yes: string[], no: string[]): void {
  for (const v of yes) expect(satisfies(v, range), `${v} should satisfy ${range}`).toBe(true);
  for (const v of no) expect(satisfies(v, range), `${v} should not satisfy ${range}`).toBe(false);
}

describe('parseVersion / compareVersions', () => {
  it('parses full versions with prerelease and build metadata', () => {
    expect(parseVersion('v1.2.3-rc.1+build.5')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: ['rc', 1] });
    expect(parseVersion('1.2')).toBeNull();
    expect(parseVersion('banana')).toBeNull();
  });

  it('orders prereleases before the release and numerically', () => {
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0', '1.0.1', '1.10.0'];
    const parsed = order.map((v) => parseVersion(v)!);
    for (let i = 1; i < parsed.length; i++) expect(compareVersions(parsed[i - 1]!, parsed[i]!)).toBeLessThan(0);
  });
});

describe('satisfies', () => {
  it('caret ranges, including 0.x', () => {
    expectRange('^1.2.3', ['1.2.3', '1.9.0'], ['1.2.2', '2.0.0', '0.9.9']);
    expectRange('^0.1.0', ['0.1.0', '0.1.9'], ['0.2.0', '1.0.0']);
    expectRange('^0.0.3', ['0.0.3'], ['0.0.4', '0.1.0']);
    expectRange('^1.x', ['1.0.0', '1.5.1'], ['2.0.0']);
    expectRange('^0.x', ['0.0.1', '0.9.0'], ['1.0.0']);
  });

  it('tilde ranges', () => {
    expectRange('~1.2.3', ['1.2.3', '1.2.9'], ['1.3.0', '1.2.2']);
    expectRange('~1', ['1.0.0', '1.9.9'], ['2.0.0']);
    expectRange('~0.1', ['0.1.0', '0.1.5'], ['0.2.0']);
  });

  it('comparison operators with full and partial versions', () => {
    expectRange('>=1.2.3', ['1.2.3', '5.0.0'], ['1.2.2']);
    expectRange('>1.2.3', ['1.2.4'], ['1.2.3']);
    expectRange('>1.2', ['1.3.0'], ['1.2.9']);
    expectRange('<1.2', ['1.1.9'], ['1.2.0']);
    expectRange('<=1.2', ['1.2.9'], ['1.3.0']);
    expectRange('<=1.2.3', ['1.2.3'], ['1.2.4']);
    expectRange('=1.2.3', ['1.2.3'], ['1.2.4']);
    expectRange('>= 1.0.0 < 2', ['1.0.0', '1.99.0'], ['2.0.0', '0.9.0']);
  });

  it('x ranges and wildcards', () => {
    expectRange('*', ['0.0.0', '99.1.1'], ['1.0.0-rc.1']);
    expectRange('', ['3.2.1'], []);
    expectRange('1.2.x', ['1.2.0', '1.2.7'], ['1.3.0']);
    expectRange('1', ['1.0.0', '1.4.2'], ['2.0.0']);
    expectRange('>*', [], ['1.0.0']);
  });

  it('AND sets and || alternatives', () => {
    expectRange('>=1.2.0 <1.4.0', ['1.2.0', '1.3.9'], ['1.4.0', '1.1.0']);
    expectRange('^0.1.0 || ^1.0.0', ['0.1.4', '1.2.0'], ['0.2.0', '2.0.0']);
  });

  it('prereleases only match a set naming the same major.minor.patch with a tag', () => {
    expectRange('^1.0.0', ['1.0.0'], ['1.0.0-rc.1', '1.1.0-rc.1', '2.0.0-rc.1']);
    expectRange('^1.0.0-rc.1', ['1.0.0-rc.1', '1.0.0-rc.2', '1.0.0', '1.5.0'], ['1.0.0-beta', '1.1.0-rc.1']);
    expectRange('>=0.1.0-next.0', ['0.1.0-next.3', '0.1.0'], ['0.2.0-next.0']);
  });

  it('reads hyphen ranges as npm does (inclusive; a partial upper bound includes all it stands for)', () => {
    expectRange('1.0.0 - 2.0.0', ['1.0.0', '1.5.0', '2.0.0'], ['0.9.9', '2.0.1', '2.1.0']);
    expectRange('1 - 2.3', ['1.0.0', '2.3.9'], ['0.9.0', '2.4.0']);
    expectRange('0.1.0 - 0.2 || >=3', ['0.1.0', '0.2.7', '3.1.0'], ['0.3.0', '2.0.0']);
    expect(isValidRange('1.0.0 - 2.0.0')).toBe(true);
  });

  it('rejects invalid ranges and versions instead of guessing', () => {
    expect(isValidRange('1.0.0 - ')).toBe(false);
    expect(isValidRange('1.0.0 - 2.0.0 - 3.0.0')).toBe(false);
    expect(isValidRange('^banana')).toBe(false);
    expect(isValidRange('>=1.0.0 <2')).toBe(true);
    expect(satisfies('not-a-version', '*')).toBe(false);
  });
});
