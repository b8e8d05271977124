import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { RunErrorCodes, lastLines, maskSecrets } from '@hop3/kit';
import { Hop3Error } from '@hop3/core';

export interface PipelineStep {
  file: string;
  args: readonly string[];
}

/** A file read as the pipeline's input, instead of a program's output. */
export interface PipelineFile {
  path: string;
}

export interface PipelineOptions {
  /** Extra variables merged over process.env (undefined removes one). */
  env: Record<string, string | undefined>;
  secrets: readonly string[];
  timeoutMs: number;
  /** Rewrites the stream between the two (whatever it yields reaches the consumer). */
  filter?: (input: AsyncIterable<Buffer>) => AsyncIterable<Buffer>;
}

interface Producer {
  stdout: Readable;
  exit: Promise<number>;
  /** Its error output, or why the file could not be read. */
  stderr(): string;
  kill(): void;
  name: string;
}

const STDERR_KEEP = 64 * 1024;

/**
 * `producer | consumer` without a shell. The consumer sees end-of-input only when the
 * producer exited 0; otherwise it is killed first. That is what makes a piped
 * `pg_restore -f - | psql --single-transaction` safe: psql commits on end-of-input, so a
 * producer that dies half-way must never let it get there.
 */
export async function runPipeline(source: PipelineStep | PipelineFile, consumer: PipelineStep, options: PipelineOptions): Promise<void> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...options.env })) if (value !== undefined) env[key] = value;

  const left = 'path' in source ? readFrom(source) : start(source, env);
  const right = spawn(consumer.file, [...consumer.args], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  let rightErr = '';
  right.stderr.on('data', (chunk: Buffer) => (rightErr = (rightErr + chunk.toString()).slice(-STDERR_KEEP)));
  // EPIPE when the consumer stops early (ON_ERROR_STOP): its exit code tells the story.
  right.stdin.on('error', () => undefined);
  const piped = options.filter === undefined ? left.stdout : Readable.from(options.filter(left.stdout));
  piped.pipe(right.stdin, { end: false });
  // Both the producer's exit and the end of what reaches the consumer: a filter that fails is
  // the producer failing, and the consumer must not see end-of-input then.
  let leftDone = false;
  const leftExit = Promise.all([left.exit, finished(piped).then(() => 0, () => (left.kill(), 1))]).then(([code, flowed]) => {
    leftDone = true;
    return code || flowed;
  });
  const rightExit = exitOf(right, consumer.file);
  // A consumer that stops early (ON_ERROR_STOP) no longer reads: the producer would block.
  let consumerStoppedFirst = false;
  void rightExit.then(
    () => {
      if (leftDone) return;
      consumerStoppedFirst = true;
      left.kill();
    },
    () => left.kill(),
  );
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    left.kill();
    // Close our ends too: a grandchild holding the pipes open must not delay 'close'.
    right.kill('SIGKILL');
    for (const stream of [right.stdin, right.stdout, right.stderr]) stream?.destroy();
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
        message: `Timed out after ${options.timeoutMs} ms: ${left.name} | ${consumer.file}`,
        details: { command: `${left.name} | ${consumer.file}` },
      });
    }
    const failed =
      leftCode !== 0 && !consumerStoppedFirst
        ? { command: left.name, args: 'path' in source ? [] : source.args, code: leftCode, text: left.stderr() }
        : rightCode !== 0
          ? { command: consumer.file, args: consumer.args, code: rightCode, text: rightErr }
          : undefined;
    if (failed) {
      const tail = lastLines(maskSecrets(failed.text, options.secrets), 20);
      const body = tail.length > 0 ? `\n${tail.map((line) => `  ${line}`).join('\n')}` : '';
      throw new Hop3Error({
        code: RunErrorCodes.failed,
        message: `Command exited with code ${failed.code}: ${failed.command} ${maskSecrets(failed.args.join(' '), options.secrets)}${body}`,
        details: { command: failed.command, exitCode: failed.code, stderrTail: tail },
      });
    }
  } finally {
    clearTimeout(timer);
  }
}

function start(step: PipelineStep, env: Record<string, string>): Producer {
  const child = spawn(step.file, [...step.args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_KEEP)));
  return {
    stdout: child.stdout,
    exit: exitOf(child, step.file),
    stderr: () => stderr,
    kill: () => {
      child.kill('SIGKILL');
      for (const stream of [child.stdout, child.stderr]) stream.destroy();
    },
    name: step.file,
  };
}

function readFrom(file: PipelineFile): Producer {
  const stream = createReadStream(file.path);
  let problem = '';
  return {
    stdout: stream,
    exit: new Promise<number>((resolve) => {
      stream.once('error', (error) => {
        problem = `cannot read ${file.path}: ${error.message}`;
        resolve(1);
      });
      stream.once('end', () => resolve(0));
    }),
    stderr: () => problem,
    kill: () => stream.destroy(),
    name: `read ${file.path}`,
  };
}

function exitOf(child: ReturnType<typeof spawn>, file: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Hop3Error({ code: RunErrorCodes.notFound, message: `Program not found: ${file} (is it installed and on PATH?)`, cause: error, details: { command: file } })
          : error,
      ),
    );
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
  });
}
