import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appAccount, findAccount, ownerOf } from './owner.js';

const isRoot = process.getuid?.() === 0;

describe('ownerOf / appAccount', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-kit-owner-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the owner of a path', () => {
    const owner = ownerOf(dir);
    expect(owner.uid).toBe(process.getuid?.());
    expect(owner.user).toBe(isRoot ? 'root' : expect.any(String));
  });

  it('finds an account by name or number, with its primary group or the one asked for', () => {
    expect(findAccount('root')).toEqual({ uid: 0, gid: 0, user: 'root', group: 'root' });
    expect(findAccount('0', 'nogroup')).toEqual({ uid: 0, gid: 65534, user: 'root', group: 'nogroup' });
    expect(findAccount('no-such-user-hop3')).toBeNull();
    expect(findAccount('root', 'no-such-group-hop3')).toBeNull();
  });

  it('is null when hop3 is not root or the root belongs to root; else the owner, by id and name', async () => {
    if (!isRoot) {
      expect(appAccount(dir)).toBeNull();
      return;
    }
    expect(appAccount(dir)).toBeNull();
    await chown(dir, 65534, 65534);
    expect(appAccount(dir)).toEqual({ uid: 65534, gid: 65534, user: 'nobody', group: 'nogroup' });
    expect(appAccount(join(dir, 'missing'))).toBeNull();
  });
});
