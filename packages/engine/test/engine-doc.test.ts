// docs/engine.md and the engine README document what the code does: the runnable example is
// the shipped file, word for word, and the events tables list every EngineEventType.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { EngineEventType } from '@hop3/engine';

const read = (path: string) => readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');

// A Record over the union: adding an event type without listing it here fails to compile.
const EVENT_TYPES: Record<EngineEventType, true> = {
  'deploy:start': true,
  'addon:provision': true,
  'addon:remove': true,
  'release:stage': true,
  'build:start': true,
  'build:output': true,
  'run:start': true,
  'health:wait': true,
  'proxy:switch': true,
  rollback: true,
  commit: true,
  'deploy:done': true,
  'rollback:start': true,
  'rollback:done': true,
};

/** The first column of every table row that names an event (`| \`type\` | …`). */
function documentedEventTypes(markdown: string): string[] {
  const types = Object.keys(EVENT_TYPES);
  return [...markdown.matchAll(/^\| `([a-z:]+)` \|/gm)].map((match) => match[1]!).filter((name) => types.includes(name) || name.includes(':'));
}

describe('docs/engine.md', () => {
  it('shows examples/embed-engine/embed.mjs exactly as shipped', async () => {
    const doc = await read('docs/engine.md');
    const block = /<!-- embed-example:[^\n]*-->\n```js\n([\s\S]*?)```\n/.exec(doc)?.[1];
    expect(block, 'the embed-example block is missing').toBeDefined();
    expect(block).toBe(await read('examples/embed-engine/embed.mjs'));
  });

  it.each(['docs/engine.md', 'packages/engine/README.md'])('%s lists every event type once', async (path) => {
    const listed = documentedEventTypes(await read(path));
    expect([...listed].sort()).toEqual(Object.keys(EVENT_TYPES).sort());
  });

  it('links the error codes table and the embedding guide', async () => {
    expect(await read('docs/engine.md')).toContain('](errors.md)');
    expect(await read('packages/engine/README.md')).toContain('docs/engine.md');
    expect(await read('README.md')).toContain('(docs/engine.md)');
  });
});
