/**
 * SQL quoting for the few statements that cannot take bound parameters (CREATE ROLE,
 * CREATE DATABASE, ALTER ROLE … PASSWORD). Everything else binds values with `$1`.
 */

/** A double-quoted identifier: `"` is doubled; NUL (which Postgres cannot store) is refused. */
export function quoteIdent(name: string): string {
  if (name === '' || name.includes('\0')) throw new TypeError('An SQL identifier must be non-empty and free of NUL characters');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A string literal that is safe whatever `standard_conforming_strings` says: `'` is doubled,
 * and a value with a backslash becomes an `E'…'` literal with backslashes doubled (the same
 * rule as libpq's PQescapeLiteral).
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new TypeError('An SQL literal cannot contain NUL characters');
  const body = value.replaceAll("'", "''");
  return value.includes('\\') ? `E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}
