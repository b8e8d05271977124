import { createRequire } from 'node:module';

// handlebars is CommonJS (`export =`); require keeps its types without synthetic default imports.
const Handlebars = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');

/**
 * Kit's own handlebars environment. Helpers registered here never reach the global
 * `Handlebars` object, so two plugins (or a plugin and its host) cannot leak helpers or
 * partials into each other.
 *
 * Documented helpers:
 * - `eq a b` → `a === b` (for `{{#if (eq kind "web")}}`)
 * - `join list sep` → the items joined with `sep` (default `" "`), for `server_name {{join hosts " "}};`
 */
export const handlebars: typeof import('handlebars') = Handlebars.create();

handlebars.registerHelper('eq', (left: unknown, right: unknown) => left === right);

handlebars.registerHelper('join', function join(list: unknown, ...rest: unknown[]) {
  // Handlebars passes its options object last: a missing separator shows up as that object.
  const separator = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : ' ';
  if (!Array.isArray(list)) throw new Error(`join expects a list, got ${list === undefined ? 'undefined' : typeof list}`);
  return list.map((item) => String(item)).join(separator);
});
