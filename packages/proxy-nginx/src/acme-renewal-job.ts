/**
 * The renewal job: a small detached Node process started by the `acme-renewal` service. It
 * checks at start (after one interval with `--wait-first`) and then every HOP3_ACME_CHECK_INTERVAL
 * seconds (daily by default), renews
 * what is due and writes one line per app to its stdout (the service points it at
 * HOP3_ROOT/logs/acme-renewal.log). It reads HOP3_ROOT and HOP3_* from its environment.
 */
import { createLayout } from '@hop3/core';
import { createLogger } from '@hop3/kit';
import { renewDueCertificates } from './acme/renew-due.js';
import { readAcmeSettings } from './acme/settings.js';

const stamp = () => new Date().toISOString();
const say = (line: string) => process.stdout.write(`${stamp()} ${line}\n`);

async function check(): Promise<void> {
  const root = process.env.HOP3_ROOT;
  if (root === undefined || root === '') throw new Error('HOP3_ROOT is not set');
  const runtime = { layout: createLayout(root), env: process.env, log: createLogger({ level: 'info' }) };
  const lines = await renewDueCertificates(runtime);
  if (lines.length === 0) say('check: no app has an ACME certificate');
  for (const line of lines) say(`${line.app}: ${line.result} (${line.detail.replace(/\n/g, ' | ')})`);
}

async function main(): Promise<void> {
  const { checkIntervalMs } = readAcmeSettings(process.env);
  say(`renewal job started (pid ${process.pid}, checking every ${Math.round(checkIntervalMs / 1000)} s)`);
  const stop = () => {
    say('renewal job stopped');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (process.argv.includes('--wait-first')) await new Promise((resolve) => setTimeout(resolve, checkIntervalMs));
  for (;;) {
    await check().catch((error: unknown) => say(`check failed: ${(error as Error).message}`));
    await new Promise((resolve) => setTimeout(resolve, checkIntervalMs));
  }
}

void main().catch((error: unknown) => {
  say(`renewal job cannot run: ${(error as Error).message}`);
  process.exit(1);
});
