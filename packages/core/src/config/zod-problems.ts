import type * as z from '../schema/zod.js';

/** A key path as the author reads it: `build.before-build`, `static."/assets"`, `addons.0.type`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => {
      const text = String(segment);
      return /^[A-Za-z0-9_-]+$/.test(text) ? text : JSON.stringify(text);
    })
    .join('.');
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a table',
  record: 'a table',
};

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a table';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `${typeof value === 'boolean' ? 'a boolean' : 'a number'} (${String(value)})`;
}

/** Error map for author-facing messages: "expected a string, got a number (42)", "missing (required)". */
export const authorErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'missing (required)';
  return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
};

export interface PathProblem {
  path: PropertyKey[];
  message: string;
}

/** zod issues as path + message (unknown keys are found before zod sees a table). */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[]): PathProblem[] {
  return issues.map((issue) => ({ path: [...issue.path], message: issue.message }));
}
