import type { ReleaseSource } from '@hop3/engine';

/** A release's source in one short word: the commit's first 12 hex digits, or the dir. */
export function sourceText(source: ReleaseSource | null): string {
  if (source === null) return '-';
  return source.kind === 'git' ? `git ${source.commit.slice(0, 12)}` : source.path;
}
