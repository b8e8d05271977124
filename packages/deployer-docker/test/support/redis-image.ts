import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { withLock } from '@hop3/kit';

/** A redis image of this machine's redis-server and its libraries, FROM scratch (no registry here). */
export const REDIS_IMAGE = 'hop3-test/redis:local';
const LABEL = 'hop3.test.base';

export async function ensureRedisImage(): Promise<void> {
  const program = '/usr/bin/redis-server';
  const info = statSync(program);
  const wanted = `${info.size}-${info.mtimeMs}`;
  await withLock(join(tmpdir(), 'hop3-test-docker-redis.lock'), async () => {
    try {
      if (execFileSync('docker', ['image', 'inspect', '--format', `{{index .Config.Labels "${LABEL}"}}`, REDIS_IMAGE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === wanted) return;
    } catch {
      // not built yet
    }
    const dir = mkdtempSync(join(tmpdir(), 'hop3-test-redis-'));
    try {
      const root = join(dir, 'rootfs');
      for (const sub of ['usr/bin', 'data', 'tmp', 'etc']) mkdirSync(join(root, sub), { recursive: true });
      copyFileSync(program, join(root, 'usr/bin/redis-server'));
      chmodSync(join(root, 'usr/bin/redis-server'), 0o755);
      for (const lib of execFileSync('ldd', [program], { encoding: 'utf8' }).match(/\/lib[^\s]*/g) ?? []) {
        mkdirSync(join(root, dirname(lib)), { recursive: true });
        copyFileSync(lib, join(root, lib));
      }
      writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
      chmodSync(join(root, 'tmp'), 0o1777);
      writeFileSync(join(dir, 'Dockerfile'), `FROM scratch\nCOPY rootfs/ /\nLABEL ${LABEL}="${wanted}"\nEXPOSE 6379\nCMD ["/usr/bin/redis-server", "--protected-mode", "no", "--dir", "/data"]\n`);
      execFileSync('docker', ['build', '-q', '-t', REDIS_IMAGE, dir], { stdio: 'ignore' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, { timeoutMs: 120_000 });
}
