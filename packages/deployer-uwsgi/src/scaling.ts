import { UwsgiErrorCodes, uwsgiError } from './errors.js';
import { maxCount, isWebKind } from './workers.js';

export type Counts = Record<string, number>;

/**
 * Counts for the kinds the app declares now: a kind keeps its persisted count, a new kind
 * starts at its default (1, or UWSGI_PROCESSES for wsgi), a kind gone from the Procfile is dropped.
 */
export function currentCounts(kinds: readonly string[], persisted: Counts, defaults: Counts = {}): Counts {
  const counts: Counts = {};
  for (const kind of kinds) counts[kind] = persisted[kind] ?? defaults[kind] ?? 1;
  return counts;
}

/** `web` names the wsgi worker when the app has `wsgi` and no `web` (so `scale app web=2` works). */
export function resolveKind(kind: string, kinds: readonly string[]): string {
  if (kind === 'web' && !kinds.includes('web') && kinds.includes('wsgi')) return 'wsgi';
  return kind;
}

function checkKind(kind: string, kinds: readonly string[]): string {
  const resolved = resolveKind(kind, kinds);
  if (!kinds.includes(resolved)) {
    const known = kinds.length > 0 ? kinds.join(', ') : 'none';
    throw uwsgiError({ code: UwsgiErrorCodes.invalidScale, message: `The app has no "${kind}" worker that can be scaled (kinds: ${known}).`, details: { kind, kinds } });
  }
  return resolved;
}

function checkCount(kind: string, count: number, asked: string): number {
  if (!Number.isInteger(count)) throw uwsgiError({ code: UwsgiErrorCodes.invalidScale, message: `${asked}: the count must be a whole number.`, details: { kind, count } });
  if (count < 0) throw uwsgiError({ code: UwsgiErrorCodes.invalidScale, message: `${asked} would leave ${count} processes: a count cannot go below 0.`, details: { kind, count } });
  // The web kind is the only one that answers the app's URL: at 0 the proxy would have nowhere
  // to send requests, so scaling it to 0 is refused rather than half-stopping the app.
  if (count === 0 && isWebKind(kind)) {
    throw uwsgiError({
      code: UwsgiErrorCodes.invalidScale,
      message: `${asked} would stop the process that answers the app's URL ("${kind}" is its web process; it runs at least 1). To stop the app, use "hop3 stop <app>".`,
      details: { kind, count },
    });
  }
  const max = maxCount(kind);
  if (count > max) throw uwsgiError({ code: UwsgiErrorCodes.invalidScale, message: `${asked} would run ${count} processes: "${kind}" runs at most ${max}.`, details: { kind, count, max } });
  return count;
}

/** Apply `{ kind: ±n }`; every kind is checked before anything changes. */
export function applyDeltas(counts: Counts, deltas: Counts): Counts {
  const kinds = Object.keys(counts);
  const next = { ...counts };
  for (const [kind, delta] of Object.entries(deltas)) {
    const resolved = checkKind(kind, kinds);
    next[resolved] = checkCount(resolved, (next[resolved] ?? 0) + delta, `Scaling ${kind} by ${delta >= 0 ? '+' : ''}${delta}`);
  }
  return next;
}

/** Apply `{ kind: n }` absolute counts; kinds not named keep theirs. */
export function applyAbsolute(counts: Counts, absolute: Counts): Counts {
  const kinds = Object.keys(counts);
  const next = { ...counts };
  for (const [kind, count] of Object.entries(absolute)) {
    const resolved = checkKind(kind, kinds);
    next[resolved] = checkCount(resolved, count, `Scaling ${kind} to ${count}`);
  }
  return next;
}
