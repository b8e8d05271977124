import { join } from 'node:path';

/** The log of one vassal (uWSGI `logto`): `<app log dir>/<kind>.<ordinal>.log`, kept across generations. */
export function vassalLogFile(logDir: string, kind: string, ordinal: number): string {
  return join(logDir, `${kind}.${ordinal}.log`);
}
