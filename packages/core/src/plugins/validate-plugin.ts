import * as z from '../schema/zod.js';
import { lazySchema } from '../schema/lazy-schema.js';
import { ErrorCodes } from '../errors/codes.js';
import { formatIssues } from '../data/validate.js';
import { SUPPORTED_API_VERSIONS, type Hop3Plugin } from './define-plugin.js';
import { HOOK_NAMES } from './hook-kinds.js';
import { coreError } from '../errors/core-error.js';

/** npm package names (what plugin names usually are), and simpler local names. */
const PLUGIN_NAME_PATTERN = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

const hookFunction = lazySchema(() =>
  z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', {
    message: 'must be a function',
  }),
);

const hooksSchema = lazySchema(() =>
  z.strictObject(
    Object.fromEntries(HOOK_NAMES.map((hook) => [hook, z.optional(hookFunction)])),
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown hook(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}: this core knows ${HOOK_NAMES.join(', ')}`
          : 'must be an object of hook functions',
    },
  ),
);

// Checked inside core with core's own zod: plugins never have to share our zod copy.
const pluginSchema = lazySchema(() =>
  z.object(
    {
      name: z
        .string({ error: 'must be a string (usually the npm package name)' })
        .check(z.regex(PLUGIN_NAME_PATTERN, 'must be an npm-style package name (lowercase, e.g. "hop3-plugin-x" or "@scope/hop3-plugin")')),
      apiVersion: z.number({ error: 'must be a number' }).check(
        z.refine((v: number) => SUPPORTED_API_VERSIONS.includes(v), {
          error: (issue) =>
            `${String(issue.input)} is not supported: this core speaks plugin API version ${SUPPORTED_API_VERSIONS.join(', ')}`,
        }),
      ),
      version: z.optional(z.string()),
      enforce: z.optional(z.enum(['pre', 'post'], { error: 'must be "pre" or "post"' })),
      hooks: hooksSchema,
    },
    { error: 'must be an object: export default definePlugin({ name, apiVersion: 1, hooks })' },
  ),
);

/**
 * Check that `value` is a plugin (branded by `definePlugin()` or a plain object of the same
 * shape) and return it. `source` says where it came from (a path, a package name, "inline").
 * Throws `HOP3_INVALID_PLUGIN` naming the source, the plugin and every problem.
 */
export function validatePlugin(value: unknown, source: string): Hop3Plugin {
  const result = pluginSchema.safeParse(value);
  if (result.success) return value as Hop3Plugin;
  const problems = formatIssues(result.error.issues);
  const name = typeof (value as { name?: unknown } | null)?.name === 'string' ? (value as { name: string }).name : undefined;
  const what = name === undefined ? `Invalid plugin from ${source}` : `Invalid plugin "${name}" from ${source}`;
  throw coreError({
    code: ErrorCodes.invalidPlugin,
    message: `${what}:\n  - ${problems.join('\n  - ')}`,
    cause: result.error,
    details: { source, plugin: name, problems },
  });
}
