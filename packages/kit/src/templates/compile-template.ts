import { Hop3Error } from '@hop3/core';
import { kitError, KitErrorCodes } from '../errors.js';
import { getHandlebars } from './handlebars-instance.js';

/** A compiled template: data in, text out. Throws `HOP3_TEMPLATE_ERROR` on a missing variable. */
export type TemplateFunction = (data: object) => string;

export interface RenderOptions {
  /** Shown in errors: a file name or a short label such as "nginx server block". */
  name?: string;
}

const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

interface HandlebarsLocation {
  lineNumber?: number;
  column?: number;
}

/** The path expression (`app.port`) that starts at the error's 0-based line and column. */
function expressionAt(source: string, line: number, column: number): string | undefined {
  const text = source.split('\n')[line - 1];
  return text?.slice(column).match(/^[@A-Za-z0-9_$./-]+/)?.[0];
}

function templateError(name: string, source: string, error: unknown): Hop3Error {
  const { lineNumber, column } = (error ?? {}) as HandlebarsLocation;
  const message = error instanceof Error ? error.message : String(error);
  const missing = message.match(/^"(.+?)" not defined in /);
  if (missing && typeof lineNumber === 'number' && typeof column === 'number') {
    const variable = expressionAt(source, lineNumber, column) ?? missing[1] ?? '?';
    return kitError({
      code: KitErrorCodes.template,
      message: `Template ${name}: "${variable}" is not defined (line ${lineNumber}, column ${column + 1}); pass it in the data or remove it from the template`,
      cause: error, details: { template: name, variable, line: lineNumber, column: column + 1 },
    });
  }
  return kitError({ code: KitErrorCodes.template, message: `Template ${name} failed: ${message}`, cause: error, details: { template: name } });
}

/**
 * Compile `source` once, render many times. No HTML escaping (these are config files), and
 * strict: a variable missing from the data is an error naming the template and the variable,
 * never a silent empty string. Optional parts go through `{{#if x}}`, which tolerates absence.
 * A syntax error is reported here, not at the first render.
 */
export function compileTemplate(source: string, name = 'template'): TemplateFunction {
  const handlebars = getHandlebars();
  let compiled: ReturnType<typeof handlebars.compile>;
  try {
    compiled = handlebars.compile(handlebars.parse(source), COMPILE_OPTIONS);
  } catch (error) {
    throw templateError(name, source, error);
  }
  return (data: object) => {
    try {
      return compiled(data);
    } catch (error) {
      throw templateError(name, source, error);
    }
  };
}

/** Compile and render in one go (for templates used once). */
export function renderTemplate(source: string, data: object, options: RenderOptions = {}): string {
  return compileTemplate(source, options.name)(data);
}
