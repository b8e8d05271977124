// The worked example of docs/writing-a-plugin.md, exactly as the page tells a reader: copy the
// plugin folder, `hop3 plugins install ./hop3-plugin-static-site`, `hop3 deploy ./my-site`, then
// the site answers through the real nginx — also to commands run from another directory.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePrograms } from './support/programs.js';
import { runHop3 } from './support/hop3-runner.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/hop3-plugin-static-site', import.meta.url));
const GUIDE = fileURLToPath(new URL('../../../docs/writing-a-plugin.md', import.meta.url));

let hop3: PrivateHop3;

beforeAll(async () => {
  requirePrograms('nginx', 'openssl', 'npm');
  hop3 = await createPrivateHop3({ name: 'static-example' });
  await cp(EXAMPLE, join(hop3.work, 'hop3-plugin-static-site'), { recursive: true });
  await mkdir(join(hop3.work, 'my-site'));
  await writeFile(join(hop3.work, 'my-site', 'index.html'), '<h1>Hello from my site</h1>\n');
  await writeFile(join(hop3.work, 'my-site', 'about.html'), '<p>about us</p>\n');
});

afterAll(() => hop3?.close());

describe('the worked example plugin, installed as docs/writing-a-plugin.md says', () => {
  it('is the command the page gives', async () => {
    expect(await readFile(GUIDE, 'utf8')).toContain('hop3 plugins install ./hop3-plugin-static-site');
  });

  it('installs, and hop3 plugins lists its strategies', async () => {
    const installed = await hop3.run(['plugins', 'install', './hop3-plugin-static-site']);
    expect(installed.code, installed.stderr).toBe(0);
    const listed = await hop3.run(['plugins', '--json']);
    const plugin = listed.json<{ plugins: Array<{ name: string; strategies: Record<string, string[]> }> }>().plugins.find((p) => p.name === 'hop3-plugin-static-site');
    expect(plugin?.strategies).toMatchObject({ builder: ['static-site'], deployer: ['static-site'] });
  }, 180_000);

  it('deploys ./my-site and nginx serves its files', async () => {
    const deployed = await hop3.run(['deploy', './my-site', '--json']);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.json()).toMatchObject({ app: 'my-site', builder: 'static-site', deployer: 'static-site' });
    const index = await hop3.get('my-site.localhost', '/');
    expect(index.status).toBe(200);
    expect(index.body).toBe('<h1>Hello from my site</h1>\n');
    expect((await hop3.get('my-site.localhost', '/about.html')).body).toBe('<p>about us</p>\n');
  }, 180_000);

  it('is found from any directory: status, stop and start from elsewhere tell the truth', async () => {
    const elsewhere = { env: hop3.env, cwd: '/' };
    const running = await runHop3(['status', 'my-site', '--json'], elsewhere);
    expect(running.code, running.stderr).toBe(0);
    expect(running.json()).toMatchObject({ running: true });
    expect((await runHop3(['stop', 'my-site'], elsewhere)).code).toBe(0);
    expect((await runHop3(['status', 'my-site', '--json'], elsewhere)).json()).toMatchObject({ running: false });
    expect((await runHop3(['start', 'my-site'], elsewhere)).code).toBe(0);
    expect((await runHop3(['status', 'my-site', '--json'], elsewhere)).json()).toMatchObject({ running: true });
  }, 120_000);
});
