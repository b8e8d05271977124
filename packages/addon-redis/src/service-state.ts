import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '@hop3/kit';
import { RedisErrorCodes, redisError } from './errors.js';

/** What a service keeps between runs (service.json, 0600). Holds the password. */
export interface RedisServiceState {
  version: 1;
  name: string;
  port: number;
  password: string;
  createdAt: string;
}

/** 32 random bytes as base64url: 43 characters, safe in redis.conf and in a URL. */
export function generatePassword(): string {
  return randomBytes(32).toString('base64url');
}

function isState(value: unknown): value is RedisServiceState {
  const v = value as Partial<RedisServiceState> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.version === 1 &&
    typeof v.name === 'string' &&
    Number.isInteger(v.port) &&
    typeof v.password === 'string' &&
    v.password.length >= 32 &&
    typeof v.createdAt === 'string'
  );
}

/** The stored state, or undefined when the service was never created. */
export async function readServiceState(path: string): Promise<RedisServiceState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw redisError({ code: RedisErrorCodes.corruptState, message: `Cannot read redis service state ${path}`, cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw redisError({ code: RedisErrorCodes.corruptState, message: `Redis service state ${path} is not valid JSON; destroy and re-create the service`, cause: error });
  }
  if (!isState(parsed)) {
    throw redisError({ code: RedisErrorCodes.corruptState, message: `Redis service state ${path} is missing fields; destroy and re-create the service` });
  }
  return parsed;
}

export async function writeServiceState(path: string, state: RedisServiceState): Promise<void> {
  await writeJsonAtomic(path, state, { mode: 0o600 });
}
