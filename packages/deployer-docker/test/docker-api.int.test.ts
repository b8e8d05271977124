// The Engine API client against the real dockerd: a daemon that is not there, docker's own
// message in a coded error, a build through POST /build (its output lines, its error lines, the
// .dockerignore of the context), and the docker client's dial-stdio for contexts it knows.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { requirePrograms } from '@hop3/testkit';
import { dockerClient, START_DAEMON_HINT } from '../src/docker-cli.js';
import { containersByLabel, createContainer, imagesByLabel, inspectObjects, removeImage } from '../src/docker-objects.js';
import { buildImageViaApi, type ImageBuild } from '../src/image-build.js';
import { buildImageViaCli } from '../src/image-build-cli.js';
import { DockerErrorCodes } from '../src/errors.js';
import { ensureNodeBase, NODE_BASE } from './support/base-image.js';

const LABEL = `hop3.test.api=${process.pid}`;
const client = dockerClient(process.env);
let dir: string;

beforeAll(async () => {
  requirePrograms(['docker'], 'hop3 setup --only docker, and a running dockerd');
  await ensureNodeBase();
  dir = await mkdtemp(join(tmpdir(), 'hop3-docker-api-'));
});

afterAll(async () => {
  for (const image of await imagesByLabel(client, [LABEL]).catch(() => [])) await removeImage(client, image.Id, true);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function build(name: string, files: Record<string, string>, dockerfile: string, via: (c: typeof client, b: ImageBuild) => Promise<string> = buildImageViaApi, using = client) {
  const context = join(dir, name);
  await mkdir(context, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(context, file, '..'), { recursive: true });
    await writeFile(join(context, file), text);
  }
  await writeFile(join(context, 'Dockerfile'), dockerfile);
  const lines: string[] = [];
  const logFile = join(dir, `${name}.log`);
  const run = via(using, {
    contextDir: context,
    dockerfilePath: join(context, 'Dockerfile'),
    dockerfileText: `${dockerfile}\nLABEL ${LABEL.replace('=', '="')}"\n`,
    tag: `hop3-test/api-${process.pid}:${name}`,
    buildArgs: { GREETING: 'hello-from-arg' },
    pull: false,
    logFile,
    timeoutMs: 120_000,
    onLine: (line) => lines.push(line),
  });
  return { run, lines, logFile };
}

describe('Docker Engine API client (real dockerd)', () => {
  it('a daemon that does not answer is one clear error saying how to start it', async () => {
    for (const env of [{ DOCKER_HOST: `unix://${join(dir, 'no-daemon.sock')}` }, { DOCKER_HOST: `tcp://127.0.0.1:${await closedPort()}` }]) {
      const error = await containersByLabel(dockerClient(env), [LABEL]).catch((e: unknown) => e);
      expect(hasErrorCode(error, DockerErrorCodes.daemonUnavailable), String(error)).toBe(true);
      expect((error as Error).message).toContain('The Docker daemon is not running');
      expect((error as Error).message).toContain(START_DAEMON_HINT);
    }
  });

  it("an API error is a coded error carrying docker's message; a missing object is no error", async () => {
    const error = await createContainer(client, 'not a valid name!', { Image: NODE_BASE, Cmd: ['node'], Env: [], Labels: {}, HostConfig: {} }).catch((e: unknown) => e);
    expect(hasErrorCode(error, DockerErrorCodes.commandFailed), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/Invalid container name/i);
    expect((error as { details?: { status?: number } }).details?.status).toBe(400);
    expect(await inspectObjects(client, [`hop3-no-such-container-${process.pid}`], 'container')).toEqual([]);
  });

  it('builds through POST /build: output lines as they come, build args, the log file, the image id', async () => {
    const { run, lines, logFile } = await build('ok', { 'app.txt': 'app\n' }, `FROM ${NODE_BASE}\nARG GREETING\nRUN echo "greeting=$GREETING"\nCOPY app.txt /app/\n`);
    const id = await run;
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(lines.some((line) => /^Step \d+\/\d+ : FROM/.test(line))).toBe(true);
    expect(lines).toContain('greeting=hello-from-arg');
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('docker build -t');
    expect(log).toContain('greeting=hello-from-arg');
    // A build arg's value may be a secret: only its name is in the command line of the log.
    expect(log.split('\n')[0]).not.toContain('hello-from-arg');
  });

  it('honours .dockerignore (with its exceptions); neither it nor the Dockerfile lands in the image', async () => {
    const files = {
      '.dockerignore': 'secret.txt\nlogs\n!logs/keep.txt\n**/*.tmp\n',
      'secret.txt': 'do not ship\n',
      'logs/debug.txt': 'noise\n',
      'logs/keep.txt': 'kept\n',
      'src/scratch.tmp': 'x\n',
      'src/main.js': 'main\n',
    };
    const { run, lines } = await build('ignore', files, `FROM ${NODE_BASE}\nCOPY . /ctx\nRUN cd /ctx && ls -aR\n`);
    await run;
    const listed = lines.join('\n');
    expect(listed).toContain('main.js');
    expect(listed).toContain('keep.txt');
    for (const left of ['secret.txt', 'debug.txt', 'scratch.tmp', '.dockerignore', '.hop3-dockerfile']) expect(listed).not.toContain(left);
  });

  it('with DOCKER_BUILDKIT set in the env, the docker client builds (here: DOCKER_BUILDKIT=0, the classic builder)', async () => {
    const files = { '.dockerignore': 'secret.txt\n', 'secret.txt': 'do not ship\n', 'main.js': 'main\n' };
    const { run, lines, logFile } = await build('cli', files, `FROM ${NODE_BASE}\nCOPY . /ctx\nRUN cd /ctx && ls -a\n`, buildImageViaCli, dockerClient({ ...process.env, DOCKER_BUILDKIT: '0' }));
    expect(await run).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(lines.join('\n')).toContain('main.js');
    expect(lines.join('\n')).not.toContain('secret.txt');
    expect(await readFile(logFile, 'utf8')).toContain('$ docker build');
  });

  it("a failing step shows docker's error line, and the step's own output", async () => {
    const { run, lines } = await build('fails', {}, `FROM ${NODE_BASE}\nRUN echo "about to fail" && exit 7\n`);
    const error = await run.catch((e: unknown) => e);
    expect(hasErrorCode(error, DockerErrorCodes.commandFailed), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/returned a non-zero code: 7/);
    expect(lines).toContain('about to fail');
    expect(lines.at(-1)).toMatch(/returned a non-zero code: 7/);
  });

  it('reaches a docker context through the docker client (dial-stdio)', async () => {
    const config = join(dir, 'docker-config');
    await mkdir(config, { recursive: true });
    const context = `hop3-test-${process.pid}`;
    // A private DOCKER_CONFIG: the machine's contexts are not touched.
    execFileSync('docker', ['context', 'create', context, '--docker', 'host=unix:///var/run/docker.sock'], { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'ignore' });
    const viaClient = dockerClient({ DOCKER_CONFIG: config, DOCKER_CONTEXT: context });
    expect(viaClient.api.kind).toBe('dial-stdio');
    const direct = await imagesByLabel(client, [LABEL]);
    const dialed = await imagesByLabel(viaClient, [LABEL]);
    expect(dialed.map((image) => image.Id).sort()).toEqual(direct.map((image) => image.Id).sort());
    expect(dialed.length).toBeGreaterThan(0);
  });
});
