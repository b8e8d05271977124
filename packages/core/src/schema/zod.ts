/**
 * The `z` that core exports: zod's tree-shakable "mini" API, compiled into core. Only the
 * functions listed here end up in core's bundle (about 50 KB instead of all of zod), which is
 * what keeps `hop3` quick to start; hosts and plugins that build schemas on top of core's
 * (`z.extend(appSchema, …)`, `z.object({ app: appSchema })`) use this `z`, so one copy of zod
 * runs. Types come from the `zod` package (an optional peer: install it to type-check against
 * `z`). Need another zod function? Add it here: it is part of core's public API.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini sets no locale (its messages would read "Invalid input"): core's users get English.
config(en());

export {
  // schemas
  any,
  array,
  boolean,
  custom,
  discriminatedUnion,
  enum,
  int,
  literal,
  looseObject,
  number,
  object,
  partialRecord,
  record,
  strictObject,
  string,
  union,
  unknown,
  // wrappers
  _default,
  catch,
  extend,
  nullable,
  nullish,
  optional,
  partial,
  pick,
  omit,
  pipe,
  prefault,
  transform,
  // checks
  check,
  endsWith,
  gt,
  gte,
  includes,
  lt,
  lte,
  maximum,
  maxLength,
  minimum,
  minLength,
  negative,
  nonnegative,
  positive,
  refine,
  regex,
  startsWith,
  superRefine,
  trim,
  // errors
  flattenError,
  prettifyError,
} from 'zod/mini';
export type { infer, input, output, ZodMiniType, ZodMiniObject } from 'zod/mini';
export type * as core from 'zod/v4/core';
