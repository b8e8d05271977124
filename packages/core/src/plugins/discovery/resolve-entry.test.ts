import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureTree, type FixtureTree } from '../test-support/fixture-tree.js';
import { resolvePackageEntry } from './resolve-entry.js';

let tree: FixtureTree;
beforeAll(async () => {
  tree = await createFixtureTree('hop3-entry-');
});
afterAll(async () => {
  await tree.cleanup();
});

async function entryOf(dir: string, packageJson: Record<string, unknown>, files: string[]): Promise<string> {
  for (const file of files) await tree.writeFile(`${dir}/${file}`, 'export default {};\n');
  return resolvePackageEntry(tree.path(dir), packageJson);
}

describe('resolvePackageEntry', () => {
  it('follows exports in its string, subpath and nested-condition forms', async () => {
    expect(await entryOf('a', { exports: './lib/a.js' }, ['lib/a.js'])).toBe(tree.path('a/lib/a.js'));
    expect(await entryOf('b', { exports: { '.': './b.js', './package.json': './package.json' } }, ['b.js'])).toBe(tree.path('b/b.js'));
    // Conditions only: types and source conditions are ignored; nested objects are followed.
    const nested = { exports: { '.': { types: './x.d.ts', '@hop3/source': './src/x.ts', node: { require: './x.cjs', import: './esm/x.js' }, default: './x.js' } } };
    expect(await entryOf('c', nested, ['esm/x.js', 'x.js'])).toBe(tree.path('c/esm/x.js'));
    expect(await entryOf('d', { exports: { import: './d.mjs', require: './d.cjs' } }, ['d.mjs'])).toBe(tree.path('d/d.mjs'));
  });

  it('falls back to main (with .js or /index.js) and then index.js', async () => {
    expect(await entryOf('e', { main: './lib/main.js' }, ['lib/main.js'])).toBe(tree.path('e/lib/main.js'));
    expect(await entryOf('f', { main: 'lib/main' }, ['lib/main.js'])).toBe(tree.path('f/lib/main.js'));
    expect(await entryOf('g', { main: 'lib' }, ['lib/index.js'])).toBe(tree.path('g/lib/index.js'));
    expect(await entryOf('h', {}, ['index.js'])).toBe(tree.path('h/index.js'));
  });

  it('fails in the resolve phase with a hint when the entry is missing or not exported', async () => {
    await expect(entryOf('i', { exports: { '.': { require: './i.cjs' } } }, ['i.cjs'])).rejects.toMatchObject({
      phase: 'resolve',
      message: expect.stringContaining('has no "." entry for the import/node/default conditions'),
    });
    await expect(entryOf('j', { exports: './dist/index.js' }, [])).rejects.toMatchObject({
      phase: 'resolve',
      message: expect.stringContaining('does not exist'),
    });
    await expect(entryOf('k', {}, [])).rejects.toMatchObject({ phase: 'resolve', message: expect.stringContaining('tried index.js') });
  });
});
