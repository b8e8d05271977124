import { createHash } from 'node:crypto';
import { engineError, EngineErrorCodes } from '../errors.js';

const KEY_TYPES = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

export interface PublicKey {
  type: string;
  /** The key blob, base64 as in the .pub file. */
  base64: string;
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

export function fingerprintOf(base64: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(base64, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Read an OpenSSH public key (`ssh-ed25519 AAAA… comment`, the content of a .pub file). The
 * blob must decode and name the same type, so a private key, a truncated paste or options are
 * refused with what was expected.
 */
export function parsePublicKey(text: string): PublicKey {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const refuse = (why: string): never => {
    throw engineError({
      message: `Not an SSH public key: ${why}. Give the .pub file (one line "ssh-ed25519 AAAA… comment"), e.g. ~/.ssh/id_ed25519.pub; never the private key.`,
      code: EngineErrorCodes.invalidInput,
    });
  };
  if (lines.length !== 1) return refuse(lines.length === 0 ? 'the file is empty' : 'the file has more than one line');
  if (lines[0]!.includes('PRIVATE KEY')) return refuse('this is a private key');
  const [type = '', base64 = ''] = lines[0]!.split(/\s+/);
  if (!KEY_TYPES.has(type)) return refuse(`unknown key type "${type.slice(0, 40)}" (expected ${[...KEY_TYPES].slice(0, 3).join(', ')}…)`);
  const blob = /^[A-Za-z0-9+/]+={0,2}$/.test(base64) ? Buffer.from(base64, 'base64') : Buffer.alloc(0);
  const nameLength = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (nameLength < 0 || blob.subarray(4, 4 + nameLength).toString('latin1') !== type) return refuse('the key data does not decode to a key of its type');
  return { type, base64, fingerprint: fingerprintOf(base64) };
}
