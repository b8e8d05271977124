import { mkdir, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { diffSnapshots, snapshotFiles } from './fs-snapshot.js';

let dir: TempDir | undefined;
afterEach(async () => dir?.cleanup());

describe('snapshotFiles / diffSnapshots', () => {
  it('reports created, changed and removed entries, and nothing when nothing changed', async () => {
    dir = await createTempDir();
    await writeFile(dir.join('kept.txt'), 'a');
    await writeFile(dir.join('changed.txt'), 'a');
    const before = await snapshotFiles(dir.path, dir.join('missing'));
    expect(diffSnapshots(before, await snapshotFiles(dir.path))).toEqual([]);
    await writeFile(dir.join('changed.txt'), 'longer');
    await mkdir(dir.join('sub'));
    await writeFile(dir.join('sub', 'new.txt'), 'x');
    const after = await snapshotFiles(dir.path);
    expect(diffSnapshots(before, after)).toEqual(expect.arrayContaining([`~ ${dir.join('changed.txt')}`, `+ ${dir.join('sub')}`, `+ ${dir.join('sub', 'new.txt')}`]));
    expect(diffSnapshots(after, before)).toContain(`- ${dir.join('sub', 'new.txt')}`);
  });
});
