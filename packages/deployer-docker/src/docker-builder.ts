import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BuildArtifact, Builder, DeploymentContext, StrategyRuntime } from '@hop3/core';
import { hasErrorCode } from '@hop3/core';
import { buildErrorLines, missingBaseImage } from './build-errors.js';
import { dockerClient, inspect, type DockerClient } from './docker-cli.js';
import { DockerErrorCodes, dockerError } from './errors.js';
import { applyImageRetention } from './image-retention.js';
import { imageTag, LABELS, releaseOf, rootTag } from './names.js';
import { COMPOSE_FILE_NAMES, composeFileOf, dockerConfigOf, dockerfileOf, modeOf } from './settings.js';
import { buildComposeImages } from './compose/compose-build.js';
import { projectName } from './compose/project.js';
import { writeDockerEnvFile } from './env-file.js';
import { sourceHash } from './source-hash.js';
import { labelledDockerfileText } from './labelled-dockerfile.js';
import { buildImageViaApi } from './image-build.js';
import { buildImageViaCli } from './image-build-cli.js';

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
    if (existsSync(dockerfileOf(this.context)) || composeFileOf(this.context) !== null) return true;
    this.rejectionReason = `no ${relative(this.context.sourcePath, dockerfileOf(this.context))} or compose file (${COMPOSE_FILE_NAMES.join(', ')}) in the app`;
    return false;
  }

  async build(): Promise<BuildArtifact> {
    const release = releaseOf(this.context.sourcePath);
    const hash = await sourceHash(this.context.sourcePath);
    await mkdir(this.runtime.layout.app(this.context.appName).log, { recursive: true });
    const compose = composeFileOf(this.context);
    const mode = modeOf(this.context, this.runtime);
    if (compose !== null && mode !== 'containers') return this.buildCompose(compose, mode, release, hash);
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
    const dockerfileText = labelledDockerfileText(await readFile(dockerfile, 'utf8'), { [LABELS.app]: app, [LABELS.release]: String(release), [LABELS.source]: hash });
    this.runtime.log.info(`docker: building ${tag}`);
    const output: string[] = [];
    try {
      const viaClient = (this.runtime.env.DOCKER_BUILDKIT ?? '').trim() !== '';
      const imageId = await (viaClient ? buildImageViaCli : buildImageViaApi)(this.client, {
        contextDir: this.context.sourcePath,
        dockerfilePath: dockerfile,
        dockerfileText,
        tag,
        buildArgs: config.buildArgs ?? {},
        pull: config.pull === true,
        logFile: this.buildLog(),
        timeoutMs: 60 * 60_000,
        // The daemon's classic builder over the API; BuildKit needs a client session, so the
        // docker client builds when the server's env sets DOCKER_BUILDKIT (and honours it).
        onLine: (line) => {
          output.push(line);
          this.runtime.log.progress?.(line);
        },
      });
      // Independent docker calls: each costs a client start (~0.2 s on a loaded machine).
      const [[image]] = await Promise.all([inspect<ImageInspect>(this.client, [imageId], 'image'), this.retain()]);
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
    }
  }

  private async buildCompose(composeFile: string, mode: 'compose' | 'swarm', release: number, hash: string): Promise<BuildArtifact> {
    const config = dockerConfigOf(this.context);
    const paths = this.runtime.layout.app(this.context.appName);
    const envFile = join(paths.root, 'docker', `r${release}.env`);
    // The rendered file names the env file: it must exist before compose reads the file.
    await writeDockerEnvFile(envFile, { ...(this.context.app?.env ?? this.context.appConfig.env), APP: this.context.appName });
    this.runtime.log.info(`docker: building the services of ${relative(this.context.sourcePath, composeFile)} for release ${release}`);
    const built = await buildComposeImages({
      client: this.client,
      context: this.context,
      composeFile,
      release,
      rootId: rootTag(this.runtime.layout.root),
      project: projectName(this.context.appName),
      mode,
      ...(config.webService !== undefined ? { webService: config.webService } : {}),
      ...(config.port !== undefined ? { port: config.port } : {}),
      envFile,
      logFile: this.buildLog(),
      onLine: (line) => this.runtime.log.progress?.(line),
      failure: (output, error) => this.buildFailure(output, error),
    });
    await this.retain();
    return {
      kind: ARTIFACT_KINDS.compose,
      location: composeFile,
      metadata: { builder: 'docker', mode, release, sourceHash: hash, composeFile, envFile, ...built },
    };
  }

  private buildLog(): string {
    return join(this.runtime.layout.app(this.context.appName).log, 'build.log');
  }

  /** Old release images go once a build succeeds (never one a container uses, nor a rollback target). */
  private async retain(): Promise<void> {
    await applyImageRetention(this.client, this.context, this.runtime);
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
    const tail = ((error as { details?: { stderrTail?: string[] } }).details?.stderrTail ?? []);
    const lines = buildErrorLines(output.length > 0 ? output : tail);
    return dockerError({
      code: DockerErrorCodes.buildFailed,
      message: `docker build of "${this.context.appName}" failed:\n${lines.map((line) => `  ${line}`).join('\n')}\n(full output in ${this.buildLog()})`,
      cause: error,
    });
  }
}
