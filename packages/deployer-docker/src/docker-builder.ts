import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { BuildArtifact, Builder, DeploymentContext, StrategyRuntime } from '@hop3/core';
import { hasErrorCode } from '@hop3/core';
import { buildErrorLines, missingBaseImage } from './build-errors.js';
import { docker, dockerClient, inspect, type DockerClient } from './docker-cli.js';
import { DockerErrorCodes, dockerError } from './errors.js';
import { pruneReleaseImages } from './image-retention.js';
import { imageTag, LABELS, releaseOf } from './names.js';
import { DEFAULTS, dockerConfigOf, dockerfileOf } from './settings.js';
import { sourceHash } from './source-hash.js';

/** Artifact kinds this package's builder produces. */
export const ARTIFACT_KINDS = { image: 'docker-image', compose: 'docker-compose' } as const;

interface ImageInspect {
  Id: string;
  Size: number;
  Config?: { ExposedPorts?: Record<string, unknown> | null; Cmd?: string[] | null; Entrypoint?: string[] | null };
}

/**
 * Builds an app that has a Dockerfile (or a compose file) into images tagged per release,
 * `hop3/<app>:r<n>`, labelled with the app, the release and a hash of the source. It is the
 * last builder asked (its plugin is `enforce: 'post'`): another builder that accepts the app
 * wins unless hop3.toml says `[build] builder = "docker"`.
 */
export class DockerBuilder implements Builder {
  static readonly strategyName = 'docker';
  readonly name = 'docker';
  rejectionReason: string | undefined;
  private readonly client: DockerClient;

  constructor(
    readonly context: DeploymentContext,
    private readonly runtime: StrategyRuntime,
  ) {
    this.client = dockerClient(runtime.env);
  }

  accept(): boolean {
    if (existsSync(dockerfileOf(this.context))) return true;
    this.rejectionReason = `no ${relative(this.context.sourcePath, dockerfileOf(this.context))} in the app`;
    return false;
  }

  async build(): Promise<BuildArtifact> {
    const release = releaseOf(this.context.sourcePath);
    const hash = await sourceHash(this.context.sourcePath);
    await mkdir(this.runtime.layout.app(this.context.appName).log, { recursive: true });
    return this.buildImage(release, hash);
  }

  private async buildImage(release: number, hash: string): Promise<BuildArtifact> {
    const app = this.context.appName;
    const tag = imageTag(app, release);
    const config = dockerConfigOf(this.context);
    const dockerfile = dockerfileOf(this.context);
    if (!existsSync(dockerfile)) {
      throw dockerError({ code: DockerErrorCodes.invalidSetting, message: `No Dockerfile at ${dockerfile}: add one, or fix [docker] dockerfile in hop3.toml.`, details: { setting: 'docker.dockerfile' } });
    }
    const scratch = join(tmpdir(), `hop3-docker-build-${process.pid}-${Date.now()}`);
    await mkdir(scratch, { recursive: true, mode: 0o700 });
    const iidFile = join(scratch, 'iid');
    const args = [
      'build',
      '-t', tag,
      '-f', dockerfile,
      '--iidfile', iidFile,
      '--label', `${LABELS.app}=${app}`,
      '--label', `${LABELS.release}=${release}`,
      '--label', `${LABELS.source}=${hash}`,
      ...Object.entries(config.buildArgs ?? {}).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]),
      ...(config.pull === true ? ['--pull'] : []),
      this.context.sourcePath,
    ];
    this.runtime.log.info(`docker: building ${tag}`);
    const output: string[] = [];
    try {
      await docker(this.client, args, {
        timeoutMs: 60 * 60_000,
        logFile: this.buildLog(),
        tailLines: 200,
        // BuildKit is the client's choice: forcing it breaks clients without buildx.
        onLine: (line) => {
          output.push(line);
          this.runtime.log.progress?.(line);
        },
      });
      const imageId = (await readFile(iidFile, 'utf8')).trim();
      const [image] = await inspect<ImageInspect>(this.client, [imageId], 'image');
      await this.retain();
      const exposedPorts = Object.keys(image?.Config?.ExposedPorts ?? {});
      return {
        kind: ARTIFACT_KINDS.image,
        location: tag,
        metadata: {
          builder: 'docker',
          imageId,
          tag,
          release,
          size: image?.Size ?? null,
          sourceHash: hash,
          exposedPorts,
          cmd: image?.Config?.Cmd ?? null,
          entrypoint: image?.Config?.Entrypoint ?? null,
        },
      };
    } catch (error) {
      if (!hasErrorCode(error, DockerErrorCodes.commandFailed)) throw error;
      throw this.buildFailure(output, error);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private buildLog(): string {
    return join(this.runtime.layout.app(this.context.appName).log, 'build.log');
  }

  /** Old release images go once a build succeeds (never one a container uses). */
  private async retain(): Promise<void> {
    const keep = dockerConfigOf(this.context).keepImages ?? DEFAULTS.keepImages;
    const removed = await pruneReleaseImages(this.client, this.context.appName, keep);
    if (removed.length > 0) this.runtime.log.info(`docker: removed old images ${removed.join(', ')} (keeping ${keep} releases)`);
  }

  private buildFailure(output: readonly string[], error: unknown): Error {
    const base = missingBaseImage(output);
    if (base !== null) {
      return dockerError({
        code: DockerErrorCodes.baseImageMissing,
        message: `The build of "${this.context.appName}" needs ${base}, which is not on this machine, and its registry cannot be reached. Load it first (docker load, docker import, or docker pull where a registry is reachable), or build FROM an image that is present (docker image ls).`,
        cause: error,
        details: { image: base },
      });
    }
    const lines = buildErrorLines(output);
    return dockerError({
      code: DockerErrorCodes.buildFailed,
      message: `docker build of "${this.context.appName}" failed:\n${lines.map((line) => `  ${line}`).join('\n')}\n(full output in ${this.buildLog()})`,
      cause: error,
    });
  }
}
