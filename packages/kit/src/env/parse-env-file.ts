import { kitError, KitErrorCodes } from '../errors.js';
import { isValidEnvName } from './env-name.js';

export interface ParseEnvOptions {
  /** Where the text came from (a path), shown in errors. */
  source?: string;
}

const DOUBLE_QUOTED_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

class LineError extends Error {}

/** After a closing quote only blanks or a `# comment` may follow. */
function checkAfterQuote(rest: string): void {
  const trimmed = rest.trim();
  if (trimmed !== '' && !/^\s+#/.test(rest) && !trimmed.startsWith('#')) {
    throw new LineError(`unexpected text after the closing quote: ${JSON.stringify(trimmed.slice(0, 20))}`);
  }
}

function parseDoubleQuoted(text: string): string {
  let value = '';
  for (let i = 1; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === '"') {
      checkAfterQuote(text.slice(i + 1));
      return value;
    }
    if (char === '\\' && i + 1 < text.length) {
      const next = text[i + 1] as string;
      // Unknown escapes stay as written (a Windows path keeps its backslashes).
      value += DOUBLE_QUOTED_ESCAPES[next] ?? `\\${next}`;
      i += 1;
    } else {
      value += char;
    }
  }
  throw new LineError('unterminated double-quoted value (write line breaks as \\n inside one line)');
}

function parseSingleQuoted(text: string): string {
  const end = text.indexOf("'", 1);
  if (end < 0) throw new LineError('unterminated single-quoted value');
  checkAfterQuote(text.slice(end + 1));
  return text.slice(1, end);
}

function parseValue(text: string): string {
  if (text.startsWith('"')) return parseDoubleQuoted(text);
  if (text.startsWith("'")) return parseSingleQuoted(text);
  // Unquoted: a `#` after a blank starts a comment; a `#` inside a word (URL fragment) does not.
  return text.replace(/\s+#.*$/, '').trim();
}

function parseLine(line: string): [string, string] | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const assignment = trimmed.replace(/^export\s+/, '');
  const equals = assignment.indexOf('=');
  if (equals < 0) throw new LineError(`expected KEY=value, got ${JSON.stringify(trimmed.slice(0, 40))}`);
  const key = assignment.slice(0, equals).trim();
  if (!isValidEnvName(key)) {
    throw new LineError(`invalid variable name ${JSON.stringify(key)} (use letters, digits and _, not starting with a digit)`);
  }
  return [key, parseValue(assignment.slice(equals + 1).trimStart())];
}

/**
 * Parse an env file: `KEY=value` and `export KEY=value` lines, `#` comments, blank lines,
 * 'single' (literal) and "double" quotes (with `\n`, `\t`, `\"`, `\\` escapes). No variable
 * expansion. A later line wins over an earlier one. A malformed line throws
 * `HOP3_INVALID_ENV_FILE` with its line number; nothing is returned half-parsed.
 */
export function parseEnvFile(text: string, options: ParseEnvOptions = {}): Record<string, string> {
  const source = options.source ?? 'env file';
  const entries = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    try {
      const entry = parseLine(line);
      if (entry) entries.set(entry[0], entry[1]);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      const lineNumber = index + 1;
      throw kitError({
        code: KitErrorCodes.invalidEnvFile,
        message: `${source}:${lineNumber}: ${error.message}`,
        details: { source, line: lineNumber },
      });
    }
  });
  // fromEntries defines own properties, so a `__proto__` key stays a plain entry.
  return Object.fromEntries(entries);
}
