import type { CommandIO } from './command.js';

export function printJson(io: CommandIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A progress line on stderr, only on a terminal (scripts and --json stay clean). */
export function progress(io: CommandIO, json: boolean, message: string): void {
  if (io.interactive && !json) io.stderr(`→ ${message}\n`);
}

/** Render rows as aligned columns. */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return `${rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n')}\n`;
}
