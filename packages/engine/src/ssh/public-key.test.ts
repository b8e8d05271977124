import { describe, expect, it } from 'vitest';
import { parsePublicKey } from './public-key.js';

// A real ed25519 public key (ssh-keygen -t ed25519), and its ssh-keygen -lf fingerprint.
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFA4tXWA0n4VZaK4aREM+oYV9asNgz7T+xdJ4426BiFI x';

describe('parsePublicKey', () => {
  it('reads a .pub line and its SHA256 fingerprint', () => {
    const key = parsePublicKey(`${KEY}\n`);
    expect(key.type).toBe('ssh-ed25519');
    expect(key.fingerprint).toBe('SHA256:wR11tX3C0wnvUKt2DhonAieCHDuPfd8C85ybXG1wcHk');
  });

  it('refuses a private key, an unknown type, data of another type and several lines', () => {
    for (const text of ['-----BEGIN OPENSSH PRIVATE KEY-----', 'ssh-dss AAAA', `ssh-rsa ${KEY.split(' ')[1]}`, `${KEY}\n${KEY}`, '', 'ssh-ed25519 !!!']) {
      expect(() => parsePublicKey(text), text).toThrow(expect.objectContaining({ code: 'HOP3_INVALID_INPUT' }));
    }
  });
});
