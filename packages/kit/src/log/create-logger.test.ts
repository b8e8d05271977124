import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from './create-logger.js';

function capture(): { lines: string[]; write: (text: string) => void } {
  const lines: string[] = [];
  return { lines, write: (text) => lines.push(text) };
}

describe('createLogger', () => {
  it('writes info and warn, and hides debug unless HOP3_DEBUG is set', () => {
    const sink = capture();
    const log = createLogger({ write: sink.write, env: {} });
    log.info('Building app');
    log.warn('No Procfile');
    log.debug('hidden');
    expect(sink.lines).toEqual(['Building app\n', 'warning: No Procfile\n']);
  });

  it.each([
    ['1', true],
    ['yes', true],
    ['0', false],
    ['false', false],
    ['', false],
  ])('treats HOP3_DEBUG=%j as debug=%s', (value, shown) => {
    const sink = capture();
    createLogger({ write: sink.write, env: { HOP3_DEBUG: value } }).debug('details');
    expect(sink.lines).toEqual(shown ? ['debug: details\n'] : []);
  });

  it('lets an explicit level or debug flag win over the environment', () => {
    const sink = capture();
    createLogger({ write: sink.write, env: { HOP3_DEBUG: '1' }, level: 'warn' }).info('dropped');
    createLogger({ write: sink.write, env: {}, debug: true }).debug('kept');
    createLogger({ write: sink.write, env: { HOP3_DEBUG: '1' }, debug: false }).debug('dropped too');
    createLogger({ write: sink.write, level: 'silent' }).warn('dropped as well');
    expect(sink.lines).toEqual(['debug: kept\n']);
  });

  it('prefixes every line and masks secrets', () => {
    const sink = capture();
    const log = createLogger({ write: sink.write, prefix: '[postgres] ', secrets: ['s3cret'] });
    log.info('created user\npassword s3cret');
    expect(sink.lines).toEqual(['[postgres] created user\n[postgres] password ****\n']);
  });

  it('writes to a stream', () => {
    const stream = new PassThrough();
    createLogger({ stream, env: {} }).info('to the stream');
    expect(stream.read()?.toString()).toBe('to the stream\n');
  });
});

describe('createLogger progress', () => {
  it('shows progress lines indented only when asked to (a terminal), and masks secrets in them', () => {
    const shown: string[] = [];
    createLogger({ write: (text) => shown.push(text), env: {}, progress: true, secrets: ['pw1'] }).progress?.('Collecting flask pw1');
    expect(shown).toEqual(['  Collecting flask ****\n']);
    const hidden: string[] = [];
    const quiet = createLogger({ write: (text) => hidden.push(text), env: {} });
    quiet.progress?.('Collecting flask');
    quiet.info('still shown');
    expect(hidden).toEqual(['still shown\n']);
  });
});

describe('silentLogger', () => {
  it('accepts every call and writes nothing', () => {
    const original = process.stderr.write.bind(process.stderr);
    const written: unknown[] = [];
    process.stderr.write = ((chunk: unknown) => written.push(chunk) > 0) as typeof process.stderr.write;
    try {
      silentLogger.info('a');
      silentLogger.warn('b');
      silentLogger.debug('c');
    } finally {
      process.stderr.write = original;
    }
    expect(written).toEqual([]);
  });
});
