import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Test helper: start `node -e script` and resolve once it printed "ready" (so its signal
 * handlers are installed). The caller stops it.
 */
export async function startChild(script: string): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  return child as ChildProcess & { pid: number };
}

export const IDLE_CHILD = 'setInterval(() => {}, 1000); console.log("ready")';
export const STUBBORN_CHILD = 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("ready")';

/** The pid of a process that has exited (and was reaped). */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}
