import { describe, expect, it } from 'vitest';
import { TomlKeyLines } from './toml-lines.js';

const text = `# comment
title = "x"

[build]
builder = "node"
"quoted key" = 1
a.b.c = 2
notes = """
fake = "not a key"
"""
after = 3

[run.workers]
worker = "w"

[[addons]]
type = "postgres"

[[addons]]
type = "redis"

[addons.options]
size = 1

[env]
INLINE = { x = 1 }
`;

describe('TomlKeyLines', () => {
  const lines = new TomlKeyLines(text);

  it.each([
    [['title'], 2],
    [['build'], 4],
    [['build', 'builder'], 5],
    [['build', 'quoted key'], 6],
    [['build', 'a', 'b', 'c'], 7],
    [['build', 'notes'], 8],
    [['build', 'after'], 11],
    [['run', 'workers'], 13],
    [['run', 'workers', 'worker'], 14],
    [['addons'], 16],
    [['addons', 0], 16],
    [['addons', 0, 'type'], 17],
    [['addons', 1], 19],
    [['addons', 1, 'type'], 20],
    [['addons', 1, 'options', 'size'], 23],
    [['env', 'INLINE', 'x'], 26],
  ] as const)('%j is on line %i', (path, line) => {
    expect(lines.lineOf(path)).toBe(line);
  });

  it('skips keys inside multi-line strings', () => {
    expect(lines.lineOf(['build', 'fake'])).toBe(4);
  });

  it('falls back to the nearest ancestor, or undefined', () => {
    expect(lines.lineOf(['build', 'missing', 'deeper'])).toBe(4);
    expect(lines.lineOf(['nowhere'])).toBeUndefined();
  });
});
