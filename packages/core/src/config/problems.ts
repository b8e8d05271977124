import { ErrorCodes } from '../errors/codes.js';
import { Hop3Error } from '../errors/hop3-error.js';
import { coreError } from '../errors/core-error.js';

/** One thing wrong in an app's config files, located as precisely as we cheaply can. */
export interface ConfigProblem {
  /** The file as the app author knows it, relative to the app dir (`Procfile`, `hop3/hop3.toml`). */
  file: string;
  line?: number;
  /** Key path inside hop3.toml (`build.before-build`, `addons.0.type`). */
  path?: string;
  message: string;
}

/** `Procfile:3: message`, `hop3.toml:4: build.bilder: message`. */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** The single `HOP3_INVALID_CONFIG` error that lists every problem of every file. */
export function invalidConfigError(problems: readonly ConfigProblem[], cause?: unknown): Hop3Error {
  const lines = problems.map((problem) => `  ${formatProblem(problem)}`);
  return coreError({
    code: ErrorCodes.invalidConfig,
    message: `Invalid app configuration:\n${lines.join('\n')}`,
    cause,
    details: { problems: problems.map((problem) => ({ ...problem })) },
  });
}

/** `unknown key (allowed: a, b)` plus a "did you mean" hint for near misses (`before_build`). */
export function unknownNameMessage(what: string, name: string, allowed: readonly string[]): string {
  const hint = closestName(name, allowed);
  const suggestion = hint === undefined ? '' : `; did you mean "${hint}"?`;
  return `unknown ${what} (allowed: ${allowed.join(', ')})${suggestion}`;
}

function closestName(name: string, allowed: readonly string[]): string | undefined {
  const normalized = name.toLowerCase().replaceAll('_', '-');
  let best: { name: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = candidate === normalized ? 0 : editDistance(normalized, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
