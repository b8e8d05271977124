import { kitError, KitErrorCodes } from '../errors.js';
import { assertEnvName } from './env-name.js';

// Values made only of these characters are written bare; anything else is quoted.
const BARE_VALUE = /^[A-Za-z0-9_./:@%+,=~^-]*$/;

function quote(value: string): string {
  if (BARE_VALUE.test(value)) return value;
  if (!/['\n\r]/.test(value)) return `'${value}'`;
  const escaped = value.replace(/[\\"\n\r\t]/g, (char) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[char] as string);
  return `"${escaped}"`;
}

/**
 * Write a record as env-file text: one `KEY=value` line per entry, keys sorted, values quoted
 * only when needed, so `parseEnvFile(serializeEnvFile(r))` equals `r`. Refuses (with
 * `HOP3_INVALID_INPUT`, before producing anything) invalid names, non-string values and values
 * containing NUL. Error messages name the key, never the value.
 */
export function serializeEnvFile(record: Readonly<Record<string, string>>): string {
  const keys = Object.keys(record).sort();
  const lines = keys.map((key) => {
    assertEnvName(key);
    const value: unknown = record[key];
    if (typeof value !== 'string') {
      throw kitError({
        code: KitErrorCodes.invalidInput,
        message: `Value of ${key} must be a string, got ${value === null ? 'null' : typeof value}`,
        details: { name: key },
      });
    }
    if (value.includes('\0')) {
      throw kitError({
        code: KitErrorCodes.invalidInput,
        message: `Value of ${key} contains a NUL character, which an environment variable cannot hold`,
        details: { name: key },
      });
    }
    return `${key}=${quote(value)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
