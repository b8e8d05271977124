import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { labelledDockerfile } from './labelled-dockerfile.js';

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('labelledDockerfile', () => {
  it('appends every label as one LABEL instruction after the last line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-labelled-'));
    await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\nCMD ["x"]');
    await writeFile(join(dir, 'Dockerfile.dockerignore'), 'node_modules\n');
    await mkdir(join(dir, 'out'));
    const out = await labelledDockerfile(join(dir, 'Dockerfile'), join(dir, 'out'), { 'hop3.app': 'a', 'hop3.release': '3' });
    expect(await readFile(out, 'utf8')).toBe('FROM scratch\nCMD ["x"]\nLABEL "hop3.app"="a" "hop3.release"="3"\n');
    expect(await readFile(`${out}.dockerignore`, 'utf8')).toBe('node_modules\n');
  });
});
