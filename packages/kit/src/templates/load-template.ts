import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kitError, KitErrorCodes } from '../errors.js';
import { compileTemplate, type TemplateFunction } from './compile-template.js';

const cache = new Map<string, TemplateFunction>();

/**
 * Read and compile a `.hbs` file once; later calls with the same path return the cached
 * function. Synchronous on purpose so plugins can load templates at module level:
 * `const serverBlock = loadTemplate(new URL('../templates/server.hbs', import.meta.url))`
 * (awaiting the result also works).
 */
export function loadTemplate(path: string | URL): TemplateFunction {
  const file = path instanceof URL ? fileURLToPath(path) : path;
  const cached = cache.get(file);
  if (cached) return cached;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw kitError({
      code: KitErrorCodes.template,
      message: `Cannot read template ${file}: ${(error as Error).message}`,
      cause: error,
      details: { template: file },
    });
  }
  const template = compileTemplate(source, file);
  cache.set(file, template);
  return template;
}

/** Forget cached templates (tests, or a host that reloads plugins). */
export function clearTemplateCache(): void {
  cache.clear();
}
