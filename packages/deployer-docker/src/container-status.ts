import type { WorkerStatus } from '@hop3/core';
import { answersHttp } from './answers-http.js';
import { inspect, type DockerClient } from './docker-cli.js';
import { containerLogLines } from './docker-objects.js';
import type { ContainerRecord } from './container-state.js';

export interface ContainerInspect {
  Id: string;
  Name: string;
  RestartCount: number;
  State: { Status: string; Running: boolean; Restarting: boolean; ExitCode: number; StartedAt: string; Pid: number };
}

/** Seconds a container counts as starting rather than unresponsive. */
const STARTING_SECONDS = 30;

/** Each container of a release inspected, by name; missing ones are absent. */
export async function inspectContainers(client: DockerClient, containers: readonly ContainerRecord[]): Promise<Map<string, ContainerInspect>> {
  const found = await inspect<ContainerInspect>(client, containers.map((c) => c.name));
  return new Map(found.map((entry) => [entry.Name.replace(/^\//, ''), entry]));
}

/** The last lines a container wrote (both streams), for a status or a failed start. */
export async function containerLogTail(client: DockerClient, name: string, lines = 20): Promise<string[]> {
  return (await containerLogLines(client, name, lines).catch(() => [])).slice(-lines);
}

/** The measured state of one process container (its port answering, for web). */
export async function workerStatus(client: DockerClient, record: ContainerRecord, found: ContainerInspect | undefined, stopped: boolean): Promise<WorkerStatus> {
  const base = { kind: record.kind, ordinal: record.ordinal };
  if (found === undefined) return { ...base, state: stopped ? 'stopped' : 'crashed', detail: 'no container' };
  const state = found.State;
  const pids = state.Pid > 0 ? [state.Pid] : undefined;
  if (state.Restarting) return { ...base, state: 'restarting', detail: `exit code ${state.ExitCode}, restarted ${found.RestartCount} times`, logTail: await containerLogTail(client, record.name) };
  if (!state.Running) {
    if (stopped) return { ...base, state: 'stopped' };
    return { ...base, state: 'crashed', detail: `${state.Status}, exit code ${state.ExitCode}`, logTail: await containerLogTail(client, record.name) };
  }
  if (record.port === null || (await answersHttp(record.port))) return { ...base, state: 'up', ...(pids ? { pids } : {}) };
  const age = (Date.now() - Date.parse(state.StartedAt)) / 1000;
  const waiting = age < STARTING_SECONDS ? 'starting' : 'unresponsive';
  return { ...base, state: waiting, ...(pids ? { pids } : {}), detail: `nothing answers on 127.0.0.1:${record.port}`, logTail: await containerLogTail(client, record.name) };
}

/** Why a just-started web container cannot come up (it exited, or keeps restarting), or null. */
export function startFailureOf(record: ContainerRecord, found: ContainerInspect | undefined): string | null {
  if (found === undefined) return `container ${record.name} is gone`;
  const { State: state } = found;
  if (state.Restarting || found.RestartCount > 0) return `container ${record.name} keeps exiting (last exit code ${state.ExitCode}, restarted ${found.RestartCount} times)`;
  if (!state.Running && (state.Status === 'exited' || state.Status === 'dead')) return `container ${record.name} exited with code ${state.ExitCode}`;
  return null;
}
