/**
 * A tiny semver range checker, enough for `peerDependencies['@hop3/core']` (core must not pull
 * in the `semver` package). Supports `^ ~ >= > <= < =`, `x`/`X`/`*` and partial versions
 * (`1`, `1.2`, `1.2.x`), space-separated AND sets, `||`, and hyphen ranges as npm reads them
 * (`1.0.0 - 2.0.0` is `>=1.0.0 <=2.0.0`; `1 - 2.3` is `>=1.0.0 <2.4.0`).
 *
 * Prereleases, kept simple and close to npm: `1.2.3-beta.1` sorts before `1.2.3`, and a
 * prerelease version only satisfies a comparator set in which some comparator names the same
 * `major.minor.patch` with a prerelease tag (so `^1.0.0` does not match `2.0.0-rc.1`).
 */

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: readonly (string | number)[];
}

interface Comparator {
  op: '<' | '<=' | '>' | '>=' | '=';
  version: SemVer;
}

/** Nothing matches this comparator set (`<0.0.0`, `>*`). */
type ComparatorSet = Comparator[] | 'none';

const VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;
const PARTIAL_PATTERN =
  /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;
const OPERATOR_PATTERN = /^(\^|~>?|>=|<=|>|<|=)?(.*)$/;

function parsePrerelease(text: string | undefined): (string | number)[] {
  if (!text) return [];
  return text.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Parse a full version (`1.2.3`, `v1.2.3-rc.1+build`); `null` when it is not one. */
export function parseVersion(text: string): SemVer | null {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: parsePrerelease(match[4]) };
}

function comparePrerelease(a: SemVer['prerelease'], b: SemVer['prerelease']): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release sorts after its prereleases
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1; // numeric identifiers sort before alphanumeric ones
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Negative, zero or positive, as `a` sorts before, with or after `b`. */
export function compareVersions(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePrerelease(a.prerelease, b.prerelease);
}

function version(major: number, minor: number, patch: number, prerelease: SemVer['prerelease'] = []): SemVer {
  return { major, minor, patch, prerelease };
}

interface Partial {
  major: number | null;
  minor: number | null;
  patch: number | null;
  prerelease: (string | number)[];
}

function parsePartial(text: string): Partial | null {
  const match = PARTIAL_PATTERN.exec(text);
  if (!match) return null;
  const num = (part: string | undefined): number | null => (part === undefined || /^[xX*]$/.test(part) ? null : Number(part));
  const major = num(match[1]);
  const minor = major === null ? null : num(match[2]);
  const patch = minor === null ? null : num(match[3]);
  return { major, minor, patch, prerelease: patch === null ? [] : parsePrerelease(match[4]) };
}

/** The comparators one `op version` token stands for. */
function desugar(op: string, p: Partial): ComparatorSet {
  const { major, minor, patch, prerelease } = p;
  if (major === null) return op === '<' || op === '>' ? 'none' : [];
  const low = version(major, minor ?? 0, patch ?? 0, prerelease);
  // The first version above the range a partial version stands for (`1.2` → `1.3.0`).
  const next =
    minor === null ? version(major + 1, 0, 0) : patch === null ? version(major, minor + 1, 0) : version(major, minor, patch + 1);
  const range = (hi: SemVer): Comparator[] => [{ op: '>=', version: low }, { op: '<', version: hi }];
  switch (op) {
    case '^':
      if (major > 0 || minor === null) return range(version(major + 1, 0, 0));
      if (minor > 0 || patch === null) return range(version(0, minor + 1, 0));
      return range(version(0, 0, patch + 1));
    case '~':
    case '~>':
      return range(minor === null ? version(major + 1, 0, 0) : version(major, minor + 1, 0));
    case '>':
      return patch === null ? [{ op: '>=', version: next }] : [{ op: '>', version: low }];
    case '>=':
      return [{ op: '>=', version: low }];
    case '<':
      return [{ op: '<', version: low }];
    case '<=':
      return patch === null ? [{ op: '<', version: next }] : [{ op: '<=', version: low }];
    default: // '' or '='
      return patch === null ? range(next) : [{ op: '=', version: low }];
  }
}

/** Join operators separated from their version by spaces (`>= 1.2.3` → `>=1.2.3`). */
function tokenize(set: string): string[] {
  const tokens: string[] = [];
  for (const part of set.trim().split(/\s+/)) {
    if (!part) continue;
    const last = tokens[tokens.length - 1];
    if (last !== undefined && /^(\^|~>?|>=|<=|>|<|=)$/.test(last)) tokens[tokens.length - 1] = last + part;
    else tokens.push(part);
  }
  return tokens;
}

/** `A - B`: from A (a partial A starts at its lowest version) up to B (a partial B includes all it stands for). */
function hyphenRange(from: string, to: string): ComparatorSet | null {
  const low = parsePartial(from);
  const high = parsePartial(to);
  if (!low || !high) return null;
  const lower = desugar('>=', low);
  const upper = desugar('<=', high);
  if (lower === 'none' || upper === 'none') return 'none';
  return [...lower, ...upper];
}

function parseSet(set: string): ComparatorSet | null {
  const tokens = tokenize(set);
  if (tokens.length === 3 && tokens[1] === '-') return hyphenRange(tokens[0]!, tokens[2]!);
  const comparators: Comparator[] = [];
  for (const token of tokens) {
    if (token === '-') return null; // a hyphen only makes sense as the whole set: `A - B`
    const [, op = '', rest = ''] = OPERATOR_PATTERN.exec(token) ?? [];
    const partial = parsePartial(rest);
    if (!partial) return null;
    const desugared = desugar(op, partial);
    if (desugared === 'none') return 'none';
    comparators.push(...desugared);
  }
  return comparators;
}

/** A parsed range; `null` when `range` is not a supported range. */
export function parseRange(range: string): ComparatorSet[] | null {
  const sets: ComparatorSet[] = [];
  for (const set of range.split('||')) {
    const parsed = parseSet(set);
    if (parsed === null) return null;
    sets.push(parsed);
  }
  return sets;
}

/** True when `range` is a range this checker understands. */
export function isValidRange(range: string): boolean {
  return parseRange(range) !== null;
}

function test(comparator: Comparator, v: SemVer): boolean {
  const c = compareVersions(v, comparator.version);
  switch (comparator.op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    default:
      return c === 0;
  }
}

function setAllowsPrerelease(set: Comparator[], v: SemVer): boolean {
  return set.some(
    ({ version: c }) => c.prerelease.length > 0 && c.major === v.major && c.minor === v.minor && c.patch === v.patch,
  );
}

/** True when `versionText` satisfies `range`; false for an invalid version or range. */
export function satisfies(versionText: string, range: string): boolean {
  const v = parseVersion(versionText);
  const sets = parseRange(range);
  if (!v || !sets) return false;
  return sets.some(
    (set) =>
      set !== 'none' &&
      set.every((comparator) => test(comparator, v)) &&
      (v.prerelease.length === 0 || setAllowsPrerelease(set, v)),
  );
}
