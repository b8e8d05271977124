import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker, type DockerClient } from './docker-cli.js';
import type { ImageBuild } from './image-build.js';

/**
 * `docker build` through the docker client: used when the server's env sets DOCKER_BUILDKIT (the
 * client then builds as it says: BuildKit, which the Engine API offers only with a client session,
 * or the classic builder for 0). The labelled
 * Dockerfile is written beside a copy of its `<name>.dockerignore` (BuildKit reads it).
 * Returns the image id.
 */
export async function buildImageViaCli(client: DockerClient, build: ImageBuild): Promise<string> {
  const scratch = join(tmpdir(), `hop3-docker-build-${process.pid}-${Date.now()}`);
  await mkdir(scratch, { recursive: true, mode: 0o700 });
  try {
    const dockerfile = join(scratch, 'Dockerfile');
    await writeFile(dockerfile, build.dockerfileText, { mode: 0o600 });
    if (existsSync(`${build.dockerfilePath}.dockerignore`)) await copyFile(`${build.dockerfilePath}.dockerignore`, `${dockerfile}.dockerignore`);
    const iidFile = join(scratch, 'iid');
    const args = [
      'build',
      '--force-rm',
      '-t', build.tag,
      '-f', dockerfile,
      '--iidfile', iidFile,
      ...Object.entries(build.buildArgs).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]),
      ...(build.pull ? ['--pull'] : []),
      build.contextDir,
    ];
    await docker(client, args, { env: { DOCKER_BUILDKIT: client.env.DOCKER_BUILDKIT }, timeoutMs: build.timeoutMs, logFile: build.logFile, tailLines: 200, onLine: build.onLine });
    return (await readFile(iidFile, 'utf8')).trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
