// `hop3 setup --dry-run` on this very machine: the os-debian plugin detects it and plans,
// changing nothing.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHop3 } from './support/hop3-runner.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hop3-setup-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

interface SetupOutput {
  os: { name: string; displayName: string };
  dryRun: boolean;
  plan: { os: string; packages: { missing: string[]; present: string[] }; dirs: { path: string }[] };
}

describe('hop3 setup --dry-run', () => {
  it('detects debian and prints a plan as JSON, changing nothing', async () => {
    const result = await runHop3(['setup', '--dry-run', '--json', '--only', 'nginx,uwsgi'], { env: { HOP3_ROOT: join(root, 'hop3') } });
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<SetupOutput>();
    expect(output.os.name).toBe('debian');
    expect(output.os.displayName).toMatch(/Debian|Ubuntu/);
    expect(output.dryRun).toBe(true);
    const planned = [...output.plan.packages.missing, ...output.plan.packages.present];
    expect(planned).toEqual(expect.arrayContaining(['nginx', 'uwsgi', 'uwsgi-plugin-python3']));
    expect(planned).not.toContain('postgresql');
    expect(output.plan.dirs.map((d) => d.path)).toContain(join(root, 'hop3', 'apps'));
    expect(await readdir(root)).toEqual([]); // nothing created
  });

  it('refuses an unknown package group, naming the groups', async () => {
    const result = await runHop3(['setup', '--dry-run', '--only', 'nginx,emacs'], { env: { HOP3_ROOT: join(root, 'hop3') } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('emacs');
    expect(result.stderr).toContain('postgres');
  });
});
