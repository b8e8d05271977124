import type { AppConfig } from '../data/app-config.js';
import { checkKindName, checkWorkerCommand, findWebConflict, isBuildHookKind, webConflictMessage } from './kinds.js';
import type { ConfigProblem } from './problems.js';

export interface ProcfileResult {
  /** Long-running workers: kind → command. */
  workers: Record<string, string>;
  /** Build hooks (prebuild, build, postbuild, prerun), each one command line. */
  hooks: AppConfig['hooks'];
  /** Every problem found, in line order; empty when the Procfile is valid. */
  problems: ConfigProblem[];
}

export interface ParseOptions {
  /** How the file is named in problems (`Procfile`, `hop3/Procfile`). */
  source?: string;
}

/**
 * Parse a Procfile: `kind: command` lines, `#` comments and blank lines ignored, split on the first
 * `:`. A Procfile without any `kind: command` line is a problem. Never throws: every problem is collected with its line number so the author fixes them all
 * in one go. A kind that has a problem is left out of the result.
 */
export function parseProcfile(text: string, options: ParseOptions = {}): ProcfileResult {
  const file = options.source ?? 'Procfile';
  const workers: Record<string, string> = {};
  const hooks: AppConfig['hooks'] = {};
  const problems: ConfigProblem[] = [];
  const firstLineOf = new Map<string, number>();
  const report = (line: number, message: string): void => {
    problems.push({ file, line, message });
  };

  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const colon = trimmed.indexOf(':');
      if (colon === -1) {
        report(line, `no ":" in "${trimmed}" (write "kind: command")`);
        return;
      }
      const kind = trimmed.slice(0, colon).trim();
      const command = trimmed.slice(colon + 1).trim();
      const badName = checkKindName(kind);
      if (badName !== undefined) {
        report(line, badName);
        return;
      }
      const earlier = firstLineOf.get(kind);
      if (earlier !== undefined) {
        report(line, `duplicate kind "${kind}" (lines ${earlier} and ${line}): keep one of them`);
        return;
      }
      firstLineOf.set(kind, line);
      const badCommand = checkWorkerCommand(kind, command);
      if (badCommand !== undefined) {
        report(line, badCommand);
        return;
      }
      if (isBuildHookKind(kind)) hooks[kind] = [command];
      else workers[kind] = command;
    });

  if (firstLineOf.size === 0 && problems.length === 0) {
    // An app with nothing to run would deploy and answer 404: say so instead.
    report(1, 'has no "kind: command" line (only blank lines or comments): add one, e.g. "wsgi: app:application" or "web: node server.js", or delete the file');
  }
  const conflict = findWebConflict(firstLineOf.keys());
  if (conflict !== undefined) {
    const [first, second] = conflict;
    const lineOf = (kind: string): string => ` (line ${firstLineOf.get(kind) ?? '?'})`;
    problems.push({ file, line: firstLineOf.get(second), message: webConflictMessage(first, second, lineOf) });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { workers, hooks, problems };
}
