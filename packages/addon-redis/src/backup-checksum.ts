import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';

/** `<backup>.sha256`: written beside each backup this addon makes. */
export function checksumPath(backup: string): string {
  return `${backup}.sha256`;
}

/** SHA-256 of a file, read in 1 MiB chunks (dumps can be large). */
export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Record the digest and size of a dump redis just wrote (sealed with its own CRC64). Not
 * fsynced: a sidecar lost in a crash only means the next restore runs the full check.
 */
export async function writeBackupChecksum(backup: string, digest: string, size: number): Promise<void> {
  const target = checksumPath(backup);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, `${digest}  ${size}\n`, { mode: 0o600 });
  await rename(temp, target);
}

/**
 * True when `backup` is byte for byte the dump this addon saved (its sidecar matches). Such a
 * file needs no redis-check-rdb pass: redis wrote it, and it checks the CRC again on load.
 * Anything else (no sidecar, another size, another digest) goes through the full check.
 */
export async function matchesBackupChecksum(backup: string): Promise<boolean> {
  let recorded: string;
  try {
    recorded = await readFile(checksumPath(backup), 'utf8');
  } catch {
    return false;
  }
  const match = /^([0-9a-f]{64})\s+(\d+)\s*$/.exec(recorded);
  if (!match) return false;
  try {
    if ((await stat(backup)).size !== Number(match[2])) return false;
    return (await sha256Of(backup)) === match[1];
  } catch {
    return false;
  }
}
