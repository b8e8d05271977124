import { describe, expect, it } from 'vitest';
import { renewalDecision } from './renewal.js';

const now = new Date('2026-06-01T00:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * 24 * 3600 * 1000);
const wanted = ['a.example.com', 'b.example.com'];

describe('renewalDecision', () => {
  it('is due without an ACME certificate, when forced, and when a wanted name is missing', () => {
    expect(renewalDecision({ current: null, wanted, now, renewDays: 30 })).toEqual({ due: true, reason: 'no ACME certificate yet' });
    expect(renewalDecision({ current: { notAfter: inDays(80), names: wanted }, wanted, now, renewDays: 30, force: true })).toEqual({ due: true, reason: 'forced' });
    expect(renewalDecision({ current: { notAfter: inDays(80), names: ['A.example.com'] }, wanted, now, renewDays: 30 })).toEqual({ due: true, reason: 'it does not cover b.example.com' });
  });

  it('is due within the threshold or after expiry, not before', () => {
    expect(renewalDecision({ current: { notAfter: inDays(29.5), names: wanted }, wanted, now, renewDays: 30 })).toEqual({ due: true, reason: 'it expires in 29 day(s), within 30' });
    expect(renewalDecision({ current: { notAfter: inDays(-1), names: wanted }, wanted, now, renewDays: 30 })).toEqual({ due: true, reason: 'it has expired' });
    expect(renewalDecision({ current: { notAfter: inDays(31), names: wanted }, wanted, now, renewDays: 30 })).toEqual({ due: false, reason: 'valid for 31 more day(s)' });
    expect(renewalDecision({ current: { notAfter: inDays(31), names: [...wanted, 'extra.example.com'] }, wanted, now, renewDays: 40 }).due).toBe(true);
  });
});
