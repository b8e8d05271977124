import { createRequire } from 'node:module';

type HandlebarsModule = typeof import('handlebars');

/**
 * Kit's own handlebars environment. Helpers registered here never reach the global
 * `Handlebars` object, so two plugins (or a plugin and its host) cannot leak helpers or
 * partials into each other.
 *
 * Documented helpers:
 * - `eq a b` → `a === b` (for `{{#if (eq kind "web")}}`)
 * - `join list sep` → the items joined with `sep` (default `" "`), for `server_name {{join hosts " "}};`
 */
let instance: HandlebarsModule | undefined;

/**
 * Created on first use: handlebars is large, and hosts import every plugin (hence kit) at
 * start-up even for commands that render nothing.
 */
export function getHandlebars(): HandlebarsModule {
  if (instance !== undefined) return instance;
  // handlebars is CommonJS (`export =`); require keeps its types without synthetic default imports.
  const Handlebars = createRequire(import.meta.url)('handlebars') as HandlebarsModule;
  const created = Handlebars.create();
  created.registerHelper('eq', (left: unknown, right: unknown) => left === right);
  created.registerHelper('join', function join(list: unknown, ...rest: unknown[]) {
    // Handlebars passes its options object last: a missing separator shows up as that object.
    const separator = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : ' ';
    if (!Array.isArray(list)) throw new Error(`join expects a list, got ${list === undefined ? 'undefined' : typeof list}`);
    return list.map((item) => String(item)).join(separator);
  });
  instance = created;
  return created;
}
