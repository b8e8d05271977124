import * as z from '../schema/zod.js';
import { lazySchema } from '../schema/lazy-schema.js';

/** App and service names: safe in paths, unit names, SQL identifiers and DNS labels. */
export const SAFE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const SAFE_NAME_RULE =
  'use lowercase letters, digits and "-", start with a letter or digit, at most 63 characters';

export const safeNameSchema = lazySchema(() =>
  z.string().check(z.regex(SAFE_NAME_PATTERN, { message: `not a safe name: ${SAFE_NAME_RULE}` })),
);

export function isSafeName(value: string): boolean {
  return SAFE_NAME_PATTERN.test(value);
}

/** A DNS hostname (optionally a leading `*.` wildcard); no spaces, braces or semicolons. */
export const HOSTNAME_PATTERN =
  /^(\*\.)?(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export const hostnameSchema = lazySchema(() =>
  z
    .string()
    .check(z.regex(HOSTNAME_PATTERN, { message: 'not a valid hostname: use letters, digits, "-" and "." (e.g. app.example.com)' })),
);

/** A TCP port, or 0 for "none yet". */
export const portSchema = lazySchema(() => z.int().check(z.minimum(0), z.maximum(65535)));
