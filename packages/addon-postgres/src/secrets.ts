import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Hop3Error } from '@hop3/core';
import { writeJsonAtomic } from '@hop3/kit';
import { postgresError, PostgresErrorCodes } from './errors.js';
import type { ServiceNames } from './names.js';

/** What `<addons>/postgres/<service>.json` holds (mode 0600). */
export interface ServiceSecret {
  service: string;
  database: string;
  role: string;
  password: string;
  createdAt: string;
}

/** 32 random bytes → 43 url-safe characters: no quoting needed in URLs, shells or .env files. */
export function generatePassword(): string {
  return randomBytes(32).toString('base64url');
}

export class SecretStore {
  constructor(private readonly dir: string) {}

  pathFor(service: string): string {
    return join(this.dir, `${service}.json`);
  }

  /** The stored secret, or undefined when there is none. A damaged file is an error (we never guess). */
  async read(names: ServiceNames): Promise<ServiceSecret | undefined> {
    const path = this.pathFor(names.service);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let value: Partial<ServiceSecret>;
    try {
      value = JSON.parse(text) as Partial<ServiceSecret>;
    } catch {
      // No cause: V8's JSON errors quote the text, which holds the password.
      throw this.invalid(path, 'it is not valid JSON');
    }
    if (typeof value.password !== 'string' || value.password.length < 32) throw this.invalid(path, 'it has no usable "password"');
    if (value.role !== names.role || value.database !== names.database) throw this.invalid(path, 'it names another database or role');
    // Tighten a file someone loosened by hand.
    if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
    return value as ServiceSecret;
  }

  async write(secret: ServiceSecret): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeJsonAtomic(this.pathFor(secret.service), secret, { mode: 0o600 });
  }

  async remove(service: string): Promise<void> {
    await rm(this.pathFor(service), { force: true });
  }

  private invalid(path: string, why: string): Hop3Error {
    return postgresError({
      code: PostgresErrorCodes.secretInvalid,
      message: `The secret file ${path} is unusable: ${why}. Delete it and run create again: the role's password will be reset.`,
      details: { path },
    });
  }
}
