import { spawn } from 'node:child_process';
import { RunErrorCodes, lastLines, maskSecrets } from '@hop3/kit';
import { Hop3Error } from '@hop3/core';

export interface PipelineStep {
  file: string;
  args: readonly string[];
}

export interface PipelineOptions {
  /** Extra variables merged over process.env (undefined removes one). */
  env: Record<string, string | undefined>;
  secrets: readonly string[];
  timeoutMs: number;
}

const STDERR_KEEP = 64 * 1024;

/**
 * `producer | consumer` without a shell. The consumer sees end-of-input only when the
 * producer exited 0; otherwise it is killed first. That is what makes a piped
 * `pg_restore -f - | psql --single-transaction` safe: psql commits on end-of-input, so a
 * producer that dies half-way must never let it get there.
 */
export async function runPipeline(producer: PipelineStep, consumer: PipelineStep, options: PipelineOptions): Promise<void> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...options.env })) if (value !== undefined) env[key] = value;

  const left = spawn(producer.file, [...producer.args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const right = spawn(consumer.file, [...consumer.args], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  const stderr = { left: '', right: '' };
  left.stderr.on('data', (chunk: Buffer) => (stderr.left = (stderr.left + chunk.toString()).slice(-STDERR_KEEP)));
  right.stderr.on('data', (chunk: Buffer) => (stderr.right = (stderr.right + chunk.toString()).slice(-STDERR_KEEP)));
  // EPIPE when the consumer stops early (ON_ERROR_STOP): its exit code tells the story.
  right.stdin.on('error', () => undefined);
  left.stdout.pipe(right.stdin, { end: false });

  const exit = (child: typeof left | typeof right, step: PipelineStep) =>
    new Promise<number>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ENOENT'
            ? new Hop3Error({ code: RunErrorCodes.notFound, message: `Program not found: ${step.file} (is it installed and on PATH?)`, cause: error, details: { command: step.file } })
            : error,
        ),
      );
      child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
    });
  const leftExit = exit(left, producer);
  const rightExit = exit(right, consumer);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // Close our ends too: a grandchild holding the pipes open must not delay 'close'.
    for (const child of [left, right]) {
      child.kill('SIGKILL');
      for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.destroy();
    }
  }, options.timeoutMs);

  try {
    let leftCode: number;
    try {
      leftCode = await leftExit;
    } catch (error) {
      right.kill('SIGKILL');
      await rightExit.catch(() => undefined);
      throw error;
    }
    if (leftCode === 0) right.stdin.end();
    else right.kill('SIGKILL');
    const rightCode = await rightExit;
    if (timedOut) {
      throw new Hop3Error({
        code: RunErrorCodes.timeout,
        message: `Timed out after ${options.timeoutMs} ms: ${producer.file} | ${consumer.file}`,
        details: { command: `${producer.file} | ${consumer.file}` },
      });
    }
    const failed = leftCode !== 0 ? { step: producer, code: leftCode, text: stderr.left } : rightCode !== 0 ? { step: consumer, code: rightCode, text: stderr.right } : undefined;
    if (failed) {
      const tail = lastLines(maskSecrets(failed.text, options.secrets), 20);
      const body = tail.length > 0 ? `\n${tail.map((line) => `  ${line}`).join('\n')}` : '';
      throw new Hop3Error({
        code: RunErrorCodes.failed,
        message: `Command exited with code ${failed.code}: ${failed.step.file} ${maskSecrets(failed.step.args.join(' '), options.secrets)}${body}`,
        details: { command: failed.step.file, exitCode: failed.code, stderrTail: tail },
      });
    }
  } finally {
    clearTimeout(timer);
  }
}
