import { apiCall, apiJson } from './docker-api.js';
import type { DockerClient } from './docker-cli.js';
import { DockerErrorCodes, dockerError } from './errors.js';

// The Engine API calls of the docker deployer and builder: one HTTP request each over the
// daemon's socket, instead of a docker client start (~0.2 s apiece on a loaded machine).

const enc = encodeURIComponent;

/** `filters` of a list call: every `key=value` label must match. */
function labelFilters(labels: readonly string[]): string {
  return JSON.stringify({ label: labels });
}

/** Ids of the containers matching every `label` filter (`key=value`), stopped ones too. */
export async function containersByLabel(client: DockerClient, labels: readonly string[]): Promise<string[]> {
  const { value } = await apiJson<{ Id: string }[]>(client.api, { method: 'GET', path: '/containers/json', query: { all: 1, filters: labelFilters(labels) }, what: 'docker ps' });
  return (value ?? []).map((entry) => entry.Id);
}

/** Image ids of every container on the engine (running or stopped): the images in use. */
export async function imagesOfAllContainers(client: DockerClient): Promise<Set<string>> {
  const { value } = await apiJson<{ ImageID: string }[]>(client.api, { method: 'GET', path: '/containers/json', query: { all: 1 }, what: 'docker ps' });
  return new Set((value ?? []).map((entry) => entry.ImageID));
}

/** Inspect containers or images by name or id; missing ones are left out (never throws for them). */
export async function inspectObjects<T>(client: DockerClient, ids: readonly string[], type: 'container' | 'image'): Promise<T[]> {
  const found = await Promise.all(
    ids.map(async (id) => {
      const { value } = await apiJson<T>(client.api, { method: 'GET', path: `/${type}s/${enc(id)}/json`, accept: [404], what: `docker inspect ${id}` });
      return value;
    }),
  );
  return found.filter((entry): entry is Awaited<T> => entry !== null) as T[];
}

/** The body of `POST /containers/create` (the Engine API's names). */
export interface CreateBody {
  Image: string;
  Cmd?: string[];
  Env: string[];
  Labels: Record<string, string>;
  StopTimeout?: number;
  ExposedPorts?: Record<string, Record<string, never>>;
  HostConfig: Record<string, unknown>;
}

/** Create a container; `conflict` is returned (nothing thrown) when the name is taken. */
export async function createContainer(client: DockerClient, name: string, body: CreateBody): Promise<{ id: string } | 'conflict'> {
  const { status, body: answer } = await apiCall(client.api, { method: 'POST', path: '/containers/create', query: { name }, json: body, accept: [404, 409], what: `docker create of ${name}` });
  if (status === 409) return 'conflict';
  if (status === 404) {
    throw dockerError({
      code: DockerErrorCodes.commandFailed,
      message: `The image of ${name} (${body.Image}) is no longer on this machine (removed by image retention, [docker] keep-images, or by hand): deploy the app again to rebuild it.`,
      details: { container: name },
    });
  }
  return { id: (JSON.parse(answer.toString('utf8')) as { Id: string }).Id };
}

/** Start containers (already running ones are fine). */
export async function startContainers(client: DockerClient, ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((id) => apiCall(client.api, { method: 'POST', path: `/containers/${enc(id)}/start`, what: `docker start ${id}` })));
}

/** Stop containers (SIGTERM, then SIGKILL after `timeout` s); missing or stopped ones are fine. */
export async function stopContainers(client: DockerClient, ids: readonly string[], timeout: number): Promise<void> {
  await Promise.all(ids.map((id) => apiCall(client.api, { method: 'POST', path: `/containers/${enc(id)}/stop`, query: { t: timeout }, accept: [404], timeoutMs: (timeout + 60) * 1000, what: `docker stop ${id}` })));
}

export async function restartContainers(client: DockerClient, ids: readonly string[], timeout: number): Promise<void> {
  await Promise.all(ids.map((id) => apiCall(client.api, { method: 'POST', path: `/containers/${enc(id)}/restart`, query: { t: timeout }, timeoutMs: (timeout + 60) * 1000, what: `docker restart ${id}` })));
}

/** Remove containers, running or not (`docker rm --force`), their anonymous volumes too with `volumes`; missing ones are fine. */
export async function removeContainers(client: DockerClient, ids: readonly string[], options: { volumes?: boolean } = {}): Promise<void> {
  const query = { force: 1, v: options.volumes === true ? 1 : undefined };
  await Promise.all(ids.map((id) => apiCall(client.api, { method: 'DELETE', path: `/containers/${enc(id)}`, query, accept: [404, 409], what: `docker rm ${id}` })));
}

/** Change the restart policy of containers (`docker update --restart`). */
export async function setRestartPolicy(client: DockerClient, ids: readonly string[], policy: 'no' | 'unless-stopped', options: { ignoreMissing?: boolean } = {}): Promise<void> {
  const accept = options.ignoreMissing === true ? [404] : [];
  await Promise.all(ids.map((id) => apiCall(client.api, { method: 'POST', path: `/containers/${enc(id)}/update`, json: { RestartPolicy: { Name: policy } }, accept, what: `docker update --restart ${policy} ${id}` })));
}

/** The last lines a container wrote (both streams, in order); [] when it is gone. */
export async function containerLogLines(client: DockerClient, id: string, tail: number): Promise<string[]> {
  const { status, body } = await apiCall(client.api, { method: 'GET', path: `/containers/${enc(id)}/logs`, query: { stdout: 1, stderr: 1, tail }, accept: [404], what: `docker logs ${id}` });
  if (status !== 200) return [];
  return demultiplex(body).split('\n').filter((line) => line.trim() !== '');
}

/**
 * The text of a log answer. Without a TTY docker frames each chunk: 1 byte stream, 3 zero
 * bytes, a 4-byte big-endian length. With a TTY the answer is the raw text.
 */
export function demultiplex(body: Buffer): string {
  const framed = body.length >= 8 && body[0]! <= 2 && body[1] === 0 && body[2] === 0 && body[3] === 0;
  if (!framed) return body.toString('utf8');
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= body.length) {
    const size = body.readUInt32BE(offset + 4);
    parts.push(body.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

export interface ImageSummary {
  Id: string;
  RepoTags: string[] | null;
}

/** Images carrying every `label` (`key=value`). */
export async function imagesByLabel(client: DockerClient, labels: readonly string[]): Promise<ImageSummary[]> {
  const { value } = await apiJson<ImageSummary[]>(client.api, { method: 'GET', path: '/images/json', query: { filters: labelFilters(labels) }, what: 'docker image ls' });
  return value ?? [];
}

/** Remove an image (a tag, or an id); true when removed. Missing or in-use images are left (false). */
export async function removeImage(client: DockerClient, ref: string, force = false): Promise<boolean> {
  const { status } = await apiCall(client.api, { method: 'DELETE', path: `/images/${enc(ref)}`, query: { force: force ? 1 : undefined }, accept: [404, 409], what: `docker rmi ${ref}` });
  return status === 200;
}
