/**
 * Where each key of a TOML document is defined, found by a cheap line scan (smol-toml does not
 * keep positions). Only run on text that already parsed, so the scan can be forgiving: it knows
 * table headers, arrays of tables, (dotted, quoted) keys and skips multi-line strings; keys inside
 * inline tables resolve to the line of the inline table.
 */

export type KeyPath = readonly (string | number)[];

const SEGMENT = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const DOTTED = String.raw`${SEGMENT}(?:\s*\.\s*${SEGMENT})*`;
const KEY_LINE = new RegExp(String.raw`^\s*(${DOTTED})\s*=`);
const TABLE_HEADER = new RegExp(String.raw`^\s*\[\s*(${DOTTED})\s*\]`);
const ARRAY_TABLE_HEADER = new RegExp(String.raw`^\s*\[\[\s*(${DOTTED})\s*\]\]`);
const SEGMENTS = new RegExp(SEGMENT, 'g');

const keyOf = (path: KeyPath): string => path.map(String).join('\0');

function splitKey(dotted: string): string[] {
  return (dotted.match(SEGMENTS) ?? []).map((segment) => {
    if (segment.startsWith('"')) return JSON.parse(segment) as string;
    if (segment.startsWith("'")) return segment.slice(1, -1);
    return segment;
  });
}

export class TomlKeyLines {
  private readonly lines = new Map<string, number>();

  constructor(text: string) {
    const arrayCounts = new Map<string, number>();
    // `[addons.options]` after the 2nd `[[addons]]` means addons.1.options.
    const resolve = (segments: string[]): (string | number)[] => {
      const path: (string | number)[] = [];
      for (const segment of segments) {
        path.push(segment);
        const count = arrayCounts.get(keyOf(path));
        if (count !== undefined) path.push(count - 1);
      }
      return path;
    };
    let table: (string | number)[] = [];
    let openString: string | undefined;

    text.split(/\r?\n/).forEach((raw, index) => {
      const line = index + 1;
      if (openString !== undefined) {
        if (raw.split(openString).length % 2 === 0) openString = undefined;
        return;
      }
      const arrayHeader = ARRAY_TABLE_HEADER.exec(raw);
      const header = arrayHeader ?? TABLE_HEADER.exec(raw);
      if (header) {
        const segments = splitKey(header[1] ?? '');
        if (arrayHeader) {
          const parent = resolve(segments.slice(0, -1));
          const arrayPath = [...parent, segments.at(-1) ?? ''];
          const count = (arrayCounts.get(keyOf(arrayPath)) ?? 0) + 1;
          arrayCounts.set(keyOf(arrayPath), count);
          this.remember(arrayPath, line);
          table = [...arrayPath, count - 1];
        } else {
          table = resolve(segments);
        }
        this.remember(table, line);
        return;
      }
      const key = KEY_LINE.exec(raw);
      if (!key) return;
      this.remember([...table, ...splitKey(key[1] ?? '')], line);
      const rest = raw.slice(key[0].length);
      for (const quote of ['"""', "'''"]) {
        if (rest.split(quote).length % 2 === 0) openString = quote;
      }
    });
  }

  /** The line of `path`, or of its nearest ancestor that has one. */
  lineOf(path: KeyPath): number | undefined {
    for (let length = path.length; length > 0; length -= 1) {
      const line = this.lines.get(keyOf(path.slice(0, length)));
      if (line !== undefined) return line;
    }
    return undefined;
  }

  private remember(path: KeyPath, line: number): void {
    const key = keyOf(path);
    if (!this.lines.has(key)) this.lines.set(key, line);
  }
}
