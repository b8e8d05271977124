import { docker, inspect, type DockerClient } from '../docker-cli.js';
import { LABELS } from '../names.js';

/** A Swarm task of a service, as `docker inspect --type task` shows it (the fields Hop3 reads). */
interface TaskInspect {
  ID: string;
  Slot?: number;
  CreatedAt: string;
  DesiredState: string;
  Spec: { ContainerSpec: { Labels?: Record<string, string> | null } };
  Status: {
    State: string;
    Err?: string;
    Message?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
    PortStatus?: { Ports?: Array<{ TargetPort: number; PublishedPort: number; PublishMode: string }> | null };
  };
}

export interface SwarmTask {
  id: string;
  /** The replica number (1, 2, …). */
  slot: number;
  /** Swarm's state: new, pending, assigned, preparing, starting, running, complete, failed, rejected, shutdown … */
  state: string;
  desiredState: string;
  /** The Hop3 release the task runs (its container label). */
  release: number | null;
  /** The host port its `target` port is published on (host mode), once it runs. */
  port: number | null;
  containerId: string | null;
  /** Why it failed, when it did (Swarm's error, the exit code). */
  error: string | null;
  createdAt: string;
}

/** The full service name of a stack's service: `<stack>_<service>`. */
export function serviceName(stack: string, service: string): string {
  return `${stack}_${service}`;
}

/** Every task Swarm keeps for the service (running, and the history of stopped ones), newest first. */
export async function serviceTasks(client: DockerClient, service: string, target: number | null = null): Promise<SwarmTask[]> {
  const listed = await docker(client, ['service', 'ps', '--no-trunc', '--quiet', service], { allowFailure: true });
  if (listed.exitCode !== 0) return []; // no such service (not deployed yet, or removed)
  const ids = listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
  const tasks = await inspect<TaskInspect>(client, ids, 'task');
  return tasks.map((task) => toTask(task, target)).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** Tasks Swarm wants running (the live ones, and new ones still starting). */
export function wantedRunning(tasks: readonly SwarmTask[]): SwarmTask[] {
  return tasks.filter((task) => task.desiredState === 'running');
}

/** A task that will not serve: it failed, was rejected, or its container exited. */
export function taskFailure(task: SwarmTask): string | null {
  if (['failed', 'rejected', 'orphaned'].includes(task.state) || (task.state === 'complete' && task.desiredState !== 'shutdown')) {
    return `task ${task.id.slice(0, 12)} (replica ${task.slot}) ${task.state}${task.error !== null ? `: ${task.error}` : ''}`;
  }
  return null;
}

function toTask(task: TaskInspect, target: number | null): SwarmTask {
  const release = Number(task.Spec.ContainerSpec.Labels?.[LABELS.release]);
  const ports = task.Status.PortStatus?.Ports ?? [];
  const published = ports.find((p) => p.PublishMode === 'host' && (target === null || p.TargetPort === target))?.PublishedPort;
  const exit = task.Status.ContainerStatus?.ExitCode;
  const err = task.Status.Err?.trim() || null;
  return {
    id: task.ID,
    slot: task.Slot ?? 0,
    state: task.Status.State,
    desiredState: task.DesiredState,
    release: Number.isInteger(release) ? release : null,
    port: published !== undefined && published > 0 ? published : null,
    containerId: task.Status.ContainerStatus?.ContainerID || null,
    error: err ?? (exit !== undefined && exit !== 0 ? `exit code ${exit}` : null),
    createdAt: task.CreatedAt,
  };
}
