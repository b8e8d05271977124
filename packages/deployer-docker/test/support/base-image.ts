import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { withLock } from '@hop3/kit';

/** The test base image: this machine's node and its libraries plus a static busybox (for /bin/sh), FROM scratch. */
export const NODE_BASE = 'hop3-test/node:20';
const LABEL = 'hop3.test.base';

function docker(args: string[], input?: string): string {
  return execFileSync('docker', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** What the base is made of: rebuilt when node or busybox change. */
function fingerprint(): string {
  const node = statSync('/usr/bin/node');
  const busybox = statSync('/bin/busybox');
  return `${node.size}-${node.mtimeMs}-${busybox.size}`;
}

/**
 * Build the base image once per machine state (tests never pull: there is no registry here).
 * Guarded by a lock, since test files run side by side and share one engine.
 */
export async function ensureNodeBase(): Promise<void> {
  const wanted = fingerprint();
  await withLock(join(tmpdir(), 'hop3-test-docker-base.lock'), async () => {
    try {
      if (docker(['image', 'inspect', '--format', `{{index .Config.Labels "${LABEL}"}}`, NODE_BASE]).trim() === wanted) return;
    } catch {
      // not built yet
    }
    const dir = mkdtempSync(join(tmpdir(), 'hop3-test-base-'));
    try {
      const root = join(dir, 'rootfs');
      for (const sub of ['usr/bin', 'bin', 'etc', 'tmp', 'app']) mkdirSync(join(root, sub), { recursive: true });
      copyFileSync('/usr/bin/node', join(root, 'usr/bin/node'));
      chmodSync(join(root, 'usr/bin/node'), 0o755);
      const libs = execFileSync('ldd', ['/usr/bin/node'], { encoding: 'utf8' }).match(/\/lib[^\s]*/g) ?? [];
      for (const lib of libs) {
        mkdirSync(join(root, dirname(lib)), { recursive: true });
        copyFileSync(lib, join(root, lib));
      }
      copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
      chmodSync(join(root, 'bin/busybox'), 0o755);
      for (const tool of ['sh', 'sleep', 'echo', 'cat', 'ls', 'env', 'wget']) symlinkSync('busybox', join(root, 'bin', tool));
      writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/app:/bin/sh\n');
      chmodSync(join(root, 'tmp'), 0o1777);
      writeFileSync(join(dir, 'Dockerfile'), `FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/bin:/bin\nLABEL ${LABEL}="${wanted}"\n`);
      docker(['build', '-q', '-t', NODE_BASE, dir]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, { timeoutMs: 120_000 });
}
