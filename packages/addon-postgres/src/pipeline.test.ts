import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from './pipeline.js';

// Small sh programs stand in for pg_restore and psql: the consumer writes "committed" only
// when it reaches end-of-input, as psql --single-transaction commits only then.
const consumerScript = 'cat > "$OUT.data"; echo committed > "$OUT.marker"';

describe('runPipeline', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-pipe-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const options = (out: string) => ({ env: { OUT: join(dir, out) }, secrets: ['s3cret'], timeoutMs: 10_000 });

  it('streams the producer into the consumer and lets it finish', async () => {
    await runPipeline({ file: 'sh', args: ['-c', 'printf "line 1\\nline 2\\n"'] }, { file: 'sh', args: ['-c', consumerScript] }, options('ok'));
    expect(await readFile(join(dir, 'ok.data'), 'utf8')).toBe('line 1\nline 2\n');
    expect(await readFile(join(dir, 'ok.marker'), 'utf8')).toBe('committed\n');
  });

  it('kills the consumer before end-of-input when the producer fails, and says why (masked)', async () => {
    const error = await runPipeline(
      { file: 'sh', args: ['-c', 'printf "partial\\n"; echo "broken at s3cret" >&2; exit 3'] },
      { file: 'sh', args: ['-c', consumerScript] },
      options('bad'),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HOP3_COMMAND_FAILED', message: expect.stringMatching(/code 3[\s\S]*broken at \*\*\*\*/) });
    expect(String((error as Error).message)).not.toContain('s3cret');
    await expect(readFile(join(dir, 'bad.marker'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports a failing consumer', async () => {
    await expect(runPipeline({ file: 'sh', args: ['-c', 'echo x'] }, { file: 'sh', args: ['-c', 'cat >/dev/null; echo nope >&2; exit 4'] }, options('c'))).rejects.toMatchObject({
      code: 'HOP3_COMMAND_FAILED',
      message: expect.stringMatching(/code 4[\s\S]*nope/),
    });
  });

  it('reports a missing program', async () => {
    await expect(runPipeline({ file: 'hop3-no-such-program', args: [] }, { file: 'sh', args: ['-c', consumerScript] }, options('m'))).rejects.toMatchObject({
      code: 'HOP3_COMMAND_NOT_FOUND',
    });
    await expect(readFile(join(dir, 'm.marker'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('times out', async () => {
    await expect(
      runPipeline({ file: 'sh', args: ['-c', 'sleep 5'] }, { file: 'sh', args: ['-c', consumerScript] }, { ...options('t'), timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'HOP3_COMMAND_TIMEOUT' });
  });

  it('reads a file as the producer, through a filter', async () => {
    const input = join(dir, 'input.sql');
    await writeFile(input, 'one\ntwo\n');
    async function* upper(chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) yield Buffer.from(chunk.toString().toUpperCase());
    }
    await runPipeline({ path: input }, { file: 'sh', args: ['-c', consumerScript] }, { ...options('f'), filter: upper });
    expect(await readFile(join(dir, 'f.data'), 'utf8')).toBe('ONE\nTWO\n');
    expect(await readFile(join(dir, 'f.marker'), 'utf8')).toBe('committed\n');
  });

  it('a file that cannot be read never reaches end-of-input', async () => {
    const error = await runPipeline({ path: dir }, { file: 'sh', args: ['-c', consumerScript] }, options('d')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HOP3_COMMAND_FAILED', message: expect.stringMatching(/cannot read .*EISDIR/) });
    await expect(readFile(join(dir, 'd.marker'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a filter that throws half-way is the producer failing: the consumer is killed first', async () => {
    async function* broken(chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        yield chunk;
        throw new Error('filter broke');
      }
    }
    const error = await runPipeline({ file: 'sh', args: ['-c', 'printf "a\\n"; sleep 0.2; printf "b\\n"'] }, { file: 'sh', args: ['-c', consumerScript] }, { ...options('x'), filter: broken }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HOP3_COMMAND_FAILED' });
    await expect(readFile(join(dir, 'x.marker'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a consumer that stops reading early ends the producer instead of leaving it blocked', async () => {
    // Left blocked, `yes` would run into the (longer than the test's) timeout instead.
    const error = await runPipeline({ file: 'sh', args: ['-c', 'yes'] }, { file: 'sh', args: ['-c', 'head -c 10 >/dev/null; echo stopped >&2; exit 3'] }, { ...options('e'), timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HOP3_COMMAND_FAILED', message: expect.stringMatching(/code 3: sh[\s\S]*stopped/) });
  });
});

