import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { hasErrorCode } from '@hop3/core';
import { compileTemplate, renderTemplate } from './compile-template.js';
import { clearTemplateCache, loadTemplate } from './load-template.js';

const Handlebars = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');

function thrown(fn: () => unknown): Error & { code: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code: string; details: Record<string, unknown> };
  }
  throw new Error('expected a failure');
}

describe('renderTemplate', () => {
  it('renders values without HTML escaping', () => {
    const text = renderTemplate('location / { return 200 "{{body}}"; } # {{url}}', { body: '<a & b>', url: 'http://x/?a=1&b="2"' });
    expect(text).toBe('location / { return 200 "<a & b>"; } # http://x/?a=1&b="2"');
  });

  it('rejects a missing variable naming the template, the variable and where', () => {
    const error = thrown(() => renderTemplate('server {\n  listen {{app.port}};\n}', { app: {} }, { name: 'nginx.conf' }));
    expect(hasErrorCode(error, 'HOP3_TEMPLATE_ERROR')).toBe(true);
    expect(error.message).toContain('nginx.conf');
    expect(error.message).toContain('"app.port" is not defined');
    expect(error.message).toContain('line 2');
    expect(error.details).toMatchObject({ template: 'nginx.conf', variable: 'app.port', line: 2, column: 12 });
  });

  it('rejects a missing top-level variable', () => {
    const error = thrown(() => renderTemplate('port={{port}}', {}, { name: 'uwsgi.ini' }));
    expect(error.details.variable).toBe('port');
  });

  it('lets optional sections test for absence', () => {
    expect(renderTemplate('a{{#if tls}} ssl{{/if}}', {})).toBe('a');
    expect(renderTemplate('a{{#if tls}} ssl{{/if}}', { tls: true })).toBe('a ssl');
  });

  it('reports a syntax error at compile time', () => {
    const error = thrown(() => compileTemplate('{{#if x}}unclosed', 'broken.hbs'));
    expect(hasErrorCode(error, 'HOP3_TEMPLATE_ERROR')).toBe(true);
    expect(error.message).toContain('broken.hbs');
  });

  it('provides eq and join', () => {
    const template = compileTemplate('{{#if (eq kind "web")}}server_name {{join hosts " "}};{{/if}}{{join words}}', 'helpers');
    expect(template({ kind: 'web', hosts: ['a.test', 'b.test'], words: ['x', 'y'] })).toBe('server_name a.test b.test;x y');
    expect(template({ kind: 'worker', hosts: [], words: [] })).toBe('');
  });

  it('keeps its helpers off the global handlebars', () => {
    expect(Handlebars.helpers.join).toBeUndefined();
    expect(Handlebars.helpers.eq).toBeUndefined();
  });

  it('refuses helpers nobody registered', () => {
    const error = thrown(() => renderTemplate('{{shout name}}', { name: 'x' }, { name: 'custom' }));
    expect(hasErrorCode(error, 'HOP3_TEMPLATE_ERROR')).toBe(true);
  });
});

describe('loadTemplate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-kit-tpl-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file once and caches it by path', async () => {
    clearTemplateCache();
    const file = join(dir, 'server.hbs');
    await writeFile(file, 'listen {{port}};');
    const first = loadTemplate(file);
    expect(first({ port: 8080 })).toBe('listen 8080;');
    await writeFile(file, 'changed {{port}}');
    expect(loadTemplate(file)).toBe(first);
    expect(loadTemplate(new URL(`file://${file}`))({ port: 1 })).toBe('listen 1;');
    clearTemplateCache();
    expect(loadTemplate(file)({ port: 1 })).toBe('changed 1');
  });

  it('names the file in errors', async () => {
    const file = join(dir, 'bad.hbs');
    await writeFile(file, '{{missing}}');
    const error = thrown(() => loadTemplate(file)({}));
    expect(error.message).toContain(file);
    const absent = thrown(() => loadTemplate(join(dir, 'absent.hbs')));
    expect(hasErrorCode(absent, 'HOP3_TEMPLATE_ERROR')).toBe(true);
    expect(absent.message).toContain('absent.hbs');
  });
});
