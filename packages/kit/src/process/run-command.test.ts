import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { runCommand } from './run-command.js';
import { failure } from '../test-support/failure.js';


describe('runCommand', () => {
  it('captures stdout and the exit code', async () => {
    const result = await runCommand('node', ['-e', 'process.stdout.write("hi")']);
    expect(result.stdout).toBe('hi');
    expect(result.exitCode).toBe(0);
  });

  it('passes arguments without a shell', async () => {
    const result = await runCommand('node', ['-e', 'console.log(process.argv[1])', 'a; rm -rf /tmp/x $(id)']);
    expect(result.stdout).toBe('a; rm -rf /tmp/x $(id)');
  });

  it('turns a non-zero exit into HOP3_COMMAND_FAILED with the stderr tail', async () => {
    const error = await failure(runCommand('node', ['-e', 'console.error("line1\\nthe real error"); process.exit(3)']));
    expect(hasErrorCode(error, 'HOP3_COMMAND_FAILED')).toBe(true);
    expect(error.message).toContain('exited with code 3');
    expect(error.message).toContain('the real error');
    expect(error.details.exitCode).toBe(3);
  });

  it('reports a missing program as HOP3_COMMAND_NOT_FOUND', async () => {
    const error = await failure(runCommand('hop3-no-such-program', []));
    expect(hasErrorCode(error, 'HOP3_COMMAND_NOT_FOUND')).toBe(true);
  });

  it('reports a timeout as HOP3_COMMAND_TIMEOUT', async () => {
    const error = await failure(runCommand('node', ['-e', 'setTimeout(() => {}, 5000)'], { timeoutMs: 200 }));
    expect(hasErrorCode(error, 'HOP3_COMMAND_TIMEOUT')).toBe(true);
  });

  it('masks secrets in messages', async () => {
    const error = await failure(runCommand('node', ['-e', 'console.error("pw=s3cret"); process.exit(1)', 's3cret'], { secrets: ['s3cret'] }));
    expect(error.message).not.toContain('s3cret');
    expect(JSON.stringify(error.details)).not.toContain('s3cret');
  });

  it('resolves on failure when allowFailure is set', async () => {
    const result = await runCommand('node', ['-e', 'process.exit(2)'], { allowFailure: true });
    expect(result.exitCode).toBe(2);
  });

  it('hands each output line to onLine as it comes, masked, and still captures the output', async () => {
    const lines: [string, string][] = [];
    const script = 'echo "Collecting flask"; echo "warn s3cret" >&2; sleep 0.2; printf "Installing collected packages\\nDone"';
    const seenBeforeExit: number[] = [];
    const timer = setInterval(() => seenBeforeExit.push(lines.length), 50);
    const result = await runCommand('sh', ['-c', script], { onLine: (line, stream) => lines.push([stream, line]), secrets: ['s3cret'] });
    clearInterval(timer);
    expect(lines).toEqual([
      ['stdout', 'Collecting flask'],
      ['stderr', 'warn ****'],
      ['stdout', 'Installing collected packages'],
      ['stdout', 'Done'],
    ]);
    expect(Math.max(0, ...seenBeforeExit)).toBeGreaterThanOrEqual(1); // streamed, not handed over at the end
    expect(result.stdout).toBe('Collecting flask\nInstalling collected packages\nDone');
    expect(result.stderr).toBe('warn s3cret');
  });

  it('a throwing onLine does not fail the command', async () => {
    const result = await runCommand('sh', ['-c', 'echo one'], { onLine: () => { throw new Error('display broke'); } });
    expect(result.stdout).toBe('one');
  });
});
