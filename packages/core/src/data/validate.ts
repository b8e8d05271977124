import type * as z from '../schema/zod.js';
import { ErrorCodes } from '../errors/codes.js';
import { coreError } from '../errors/core-error.js';

/** One readable line per zod issue: `path: message`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/**
 * Parse `value` with `schema`, or throw one `HOP3_INVALID_INPUT` error listing every problem.
 * `what` names the thing being checked ("deployment context", "app").
 */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = formatIssues(result.error.issues);
  throw coreError({
    code: ErrorCodes.invalidInput,
    message: `Invalid ${what}:\n  - ${problems.join('\n  - ')}`,
    cause: result.error,
    details: { problems },
  });
}
