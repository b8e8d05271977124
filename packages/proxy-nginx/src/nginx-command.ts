import { runCommand, type RunResult } from '@hop3/kit';
import type { NginxServer } from './server.js';

export interface ConfigTestResult {
  ok: boolean;
  /** nginx's diagnostic lines (`[emerg] …`, `[warn] …`), without the "syntax is ok" chatter. */
  messages: string[];
}

/** nginx's own diagnostics from its output, timestamps and pids stripped. */
export function diagnosticLines(output: string): string[] {
  return output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => /\[(emerg|alert|crit|error|warn)\]/.test(line))
    .map((line) => line.replace(/^(?:nginx: )?(?:\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d )?(\[\w+\])(?: \d+#\d+:)? (?:\*\d+ )?/, '$1 '));
}

/** `nginx -t` on the whole configuration of this instance. */
export async function testNginxConfig(server: NginxServer): Promise<ConfigTestResult> {
  const result = await runCommand(server.bin, [...server.selectArgs, '-t', '-q'], { allowFailure: true, timeoutMs: 30_000 });
  const output = `${result.stderr}\n${result.stdout}`;
  const messages = diagnosticLines(output);
  if (result.exitCode !== 0 && messages.length === 0) messages.push(...output.split('\n').filter((line) => line.trim() !== ''));
  return { ok: result.exitCode === 0, messages };
}

/** `nginx -s <signal>` for this instance (it finds the master through the pid file). */
export function signalNginx(server: NginxServer, signal: 'reload' | 'quit' | 'stop', options: { allowFailure?: boolean } = {}): Promise<RunResult> {
  return runCommand(server.bin, [...server.selectArgs, '-s', signal], { timeoutMs: 30_000, allowFailure: options.allowFailure ?? false });
}
