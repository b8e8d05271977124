import type { FakeReply } from '@hop3/testkit';

/** dpkg-query output for these installed packages, as the real program prints it. */
export function dpkgReply(installed: readonly string[], requested: readonly string[], otherStatus: Record<string, string> = {}): FakeReply {
  const known = [...installed.map((p) => `${p}\tinstalled`), ...Object.entries(otherStatus).map(([p, s]) => `${p}\t${s}`)];
  const unknown = requested.filter((p) => !installed.includes(p) && !(p in otherStatus));
  return {
    exitCode: unknown.length > 0 ? 1 : 0,
    stdout: known.sort().join('\n'),
    stderr: unknown.map((p) => `dpkg-query: no packages found matching ${p}`).join('\n'),
  };
}
