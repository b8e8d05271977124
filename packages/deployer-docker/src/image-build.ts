import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { apiStream } from './docker-api.js';
import { buildContextTar, ignorePatterns } from './build-context.js';
import type { DockerClient } from './docker-cli.js';
import { inspectObjects } from './docker-objects.js';
import { DockerErrorCodes, dockerError } from './errors.js';

export interface ImageBuild {
  contextDir: string;
  /** The app's Dockerfile (where its `<name>.dockerignore` is looked for). */
  dockerfilePath: string;
  /** The Dockerfile text to build (the app's, with Hop3's labels). */
  dockerfileText: string;
  tag: string;
  buildArgs: Readonly<Record<string, string>>;
  pull: boolean;
  /** The build's output is appended here (0600). */
  logFile: string;
  onLine: (line: string) => void;
  timeoutMs: number;
}

/**
 * `docker build` through the Engine API (`POST /build` with a tar of the context): the daemon's
 * own builder, as the docker client without BuildKit uses it. Each output line goes to
 * `onLine` and the log file as it comes. Returns the image id; a failed step throws
 * DockerErrorCodes.commandFailed with docker's error (its lines were already passed to `onLine`).
 */
export async function buildImageViaApi(client: DockerClient, build: ImageBuild): Promise<string> {
  const context = await buildContextTar(build.contextDir, build.dockerfileText, await ignorePatterns(build.contextDir, build.dockerfilePath));
  const log = createWriteStream(build.logFile, { flags: 'a', mode: 0o600 });
  const argNames = Object.keys(build.buildArgs);
  // Build arg values stay out of the log: one may be a token.
  log.write(`$ docker build -t ${build.tag}${argNames.length > 0 ? ` (build args ${argNames.join(', ')})` : ''}${build.pull ? ' --pull' : ''} ${build.contextDir} [Engine API]\n`);
  const emit = (line: string) => {
    log.write(`${line}\n`);
    build.onLine(line);
  };
  try {
    const { imageId, error } = await apiStream(
      client.api,
      {
        method: 'POST',
        path: '/build',
        query: {
          t: build.tag,
          dockerfile: context.dockerfile,
          // A failed step's container goes too (the classic builder keeps it otherwise).
          forcerm: 1,
          buildargs: argNames.length > 0 ? JSON.stringify(build.buildArgs) : undefined,
          pull: build.pull ? 1 : undefined,
        },
        body: context.tar,
        contentType: 'application/x-tar',
        timeoutMs: build.timeoutMs,
        what: `docker build of ${build.tag}`,
      },
      (res) => readProgress(res, emit),
    );
    if (error !== null) {
      emit(error);
      throw dockerError({ code: DockerErrorCodes.commandFailed, message: `docker build of ${build.tag} failed: ${error}`, details: { stderrTail: [error] } });
    }
    if (imageId !== null) return imageId;
    // A daemon that does not report the id (older API): the tag names it.
    const [image] = await inspectObjects<{ Id: string }>(client, [build.tag], 'image');
    if (image === undefined) throw dockerError({ code: DockerErrorCodes.commandFailed, message: `docker build of ${build.tag} ended without an image.` });
    return image.Id;
  } finally {
    await new Promise((resolve) => log.end(resolve));
  }
}

interface Progress {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** The build's JSON lines: output text (split into lines), the image id, the error. */
async function readProgress(res: IncomingMessage, emit: (line: string) => void): Promise<{ imageId: string | null; error: string | null }> {
  let imageId: string | null = null;
  let error: string | null = null;
  let pending = '';
  let text = '';
  const flushText = (all: boolean) => {
    const lines = text.split(/\r?\n/);
    text = all ? '' : lines.pop()!;
    for (const line of all ? lines.filter((l, i) => i < lines.length - 1 || l !== '') : lines) emit(line);
  };
  const handle = (raw: string) => {
    if (raw.trim() === '') return;
    let message: Progress;
    try {
      message = JSON.parse(raw) as Progress;
    } catch {
      text += `${raw}\n`;
      return;
    }
    if (typeof message.stream === 'string') text += message.stream;
    else if (typeof message.status === 'string') text += `${message.status}\n`;
    if (typeof message.aux?.ID === 'string') imageId = message.aux.ID;
    if (typeof message.error === 'string' || typeof message.errorDetail?.message === 'string') error = (message.error ?? message.errorDetail?.message ?? '').trim();
    flushText(false);
  };
  res.setEncoding('utf8');
  for await (const chunk of res) {
    pending += chunk as string;
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const part of parts) handle(part);
  }
  handle(pending);
  flushText(true);
  return { imageId, error };
}
