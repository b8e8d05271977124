import { SAFE_NAME_RULE, isSafeName } from '@hop3/core';
import { RedisErrorCodes, redisError } from './errors.js';

/**
 * Service names end up in paths and URLs: accept only safe names, and say how to fix a bad
 * one. Checked before anything touches the disk.
 */
export function validateServiceName(name: unknown): string {
  if (typeof name !== 'string' || !isSafeName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name) : String(name);
    throw redisError({
      code: RedisErrorCodes.invalidName,
      message: `Invalid redis service name ${shown}: ${SAFE_NAME_RULE} (e.g. "myapp-cache")`,
      details: { name: typeof name === 'string' ? name.slice(0, 80) : null },
    });
  }
  return name;
}
