const DAY_MS = 24 * 3600 * 1000;

/** What the renewal check decides for one app's certificate. */
export interface RenewalDecision {
  due: boolean;
  reason: string;
}

/**
 * Whether an ACME certificate should be renewed now: when there is none, when it no longer covers
 * the wanted names, when it expires within `renewDays`, or when forced. Pure: the caller reads
 * the certificate.
 */
export function renewalDecision(input: {
  /** The live certificate's expiry and names, or null when there is no ACME certificate yet. */
  current: { notAfter: Date; names: readonly string[] } | null;
  wanted: readonly string[];
  now: Date;
  renewDays: number;
  force?: boolean;
}): RenewalDecision {
  const { current, now, renewDays } = input;
  if (input.force) return { due: true, reason: 'forced' };
  if (current === null) return { due: true, reason: 'no ACME certificate yet' };
  const have = new Set(current.names.map((name) => name.toLowerCase()));
  const missing = input.wanted.filter((name) => !have.has(name.toLowerCase()));
  if (missing.length > 0) return { due: true, reason: `it does not cover ${missing.join(', ')}` };
  const left = current.notAfter.getTime() - now.getTime();
  const days = Math.floor(left / DAY_MS);
  if (left <= 0) return { due: true, reason: 'it has expired' };
  if (left < renewDays * DAY_MS) return { due: true, reason: `it expires in ${days} day(s), within ${renewDays}` };
  return { due: false, reason: `valid for ${days} more day(s)` };
}
