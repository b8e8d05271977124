import { ErrorCodes, SAFE_NAME_RULE, isSafeName } from '@hop3/core';
import { postgresError } from './errors.js';

/** Postgres truncates identifiers beyond NAMEDATALEN - 1 = 63 bytes: we refuse instead. */
const MAX_IDENTIFIER_LENGTH = 63;
const PREFIX = 'hop3_';
export const MAX_SERVICE_NAME_LENGTH = MAX_IDENTIFIER_LENGTH - PREFIX.length;

/** The Postgres objects that belong to one service. */
export interface ServiceNames {
  /** The service name as the user typed it (a core safe name). */
  service: string;
  /** Database and role share one name: `hop3_<service with - → _>`. */
  database: string;
  role: string;
}

/**
 * Map a service name to its database and role. Safe names are `[a-z0-9-]`, so replacing `-`
 * with `_` is one-to-one, the result needs no case folding, and the `hop3_` prefix keeps
 * services away from `postgres`, `template1` and roles people create by hand.
 */
export function serviceNames(service: string): ServiceNames {
  if (typeof service !== 'string' || !isSafeName(service)) {
    throw postgresError({
      code: ErrorCodes.invalidInput,
      message: `Invalid postgres service name ${JSON.stringify(service)}: ${SAFE_NAME_RULE}.`,
      details: { service },
    });
  }
  if (service.length > MAX_SERVICE_NAME_LENGTH) {
    throw postgresError({
      code: ErrorCodes.invalidInput,
      message: `Invalid postgres service name "${service}": at most ${MAX_SERVICE_NAME_LENGTH} characters (it becomes the database name "${PREFIX}…", and Postgres names stop at 63).`,
      details: { service },
    });
  }
  const identifier = `${PREFIX}${service.replaceAll('-', '_')}`;
  return { service, database: identifier, role: identifier };
}

/** Markers stored as COMMENTs, so we only ever alter or drop objects Hop3 created. */
export const markers = {
  live: (service: string) => `hop3:postgres:${service}`,
  restoring: (service: string) => `hop3:postgres:${service}:restoring`,
  replaced: (service: string) => `hop3:postgres:${service}:replaced`,
};
