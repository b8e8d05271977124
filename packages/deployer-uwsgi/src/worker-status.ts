import { realpath } from 'node:fs/promises';
import type { WorkerState, WorkerStatus } from '@hop3/core';
import { isPortOpen, readFileTail } from '@hop3/kit';
import { openFilesOf, readProcessTable, type ProcessInfo } from './process-table.js';
import { vassalLogFile } from './log-files.js';
import { processPrefix } from './processes.js';
import type { VassalRecord } from './state.js';
import { isWebKind, workerFamily } from './workers.js';

/** A daemon started again less than this ago after it exited is still `restarting`. */
export const STABLE_AFTER_MS = 10_000;
/** A web process that does not answer within this is `unresponsive` rather than `starting`. */
export const STARTUP_GRACE_MS = 30_000;
const LOG_TAIL_LINES = 10;
const LOG_TAIL_BYTES = 64 * 1024;
const LOG_LINE_MAX = 300;

/** The last thing uWSGI logged about a vassal's daemon: its first spawn, a respawn after it exited, or a throttled respawn. */
export type DaemonEvent = 'spawning' | 'respawning' | 'throttling' | null;

/** What was seen of one vassal; `classify` turns it into a state. */
export interface Observation {
  kind: string;
  /** False when the app is stopped or the vassal file is not in the watched dir. */
  meantToRun: boolean;
  /** The vassal's uWSGI master, or null when none runs. */
  masterAgeMs: number | null;
  /** wsgi: how many uWSGI workers the master has. */
  workers: number;
  /** attach-daemon2 kinds: the command's process (the master's child that is not uWSGI's own). */
  daemonAgeMs: number | null;
  daemonEvent: DaemonEvent;
  /** Whether the worker's port accepts connections; null when it has none. */
  answers: boolean | null;
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** The state of one worker from what was observed (pure: see worker-status.test.ts). */
export function classify(seen: Observation): { state: WorkerState; detail?: string } {
  if (!seen.meantToRun) return { state: 'stopped' };
  if (seen.masterAgeMs === null) return { state: 'crashed', detail: 'no process runs (see the log below)' };
  const family = workerFamily(seen.kind);
  if (family === 'cron') return { state: 'up' };
  if (family === 'wsgi') {
    if (seen.answers === true && seen.workers > 0) return { state: 'up' };
    if (seen.answers === true) return { state: 'starting', detail: 'its worker processes are being started' };
    return seen.masterAgeMs < STARTUP_GRACE_MS
      ? { state: 'starting', detail: 'not answering on its port yet' }
      : { state: 'unresponsive', detail: `running for ${seconds(seen.masterAgeMs)} but not answering on its port` };
  }
  if (seen.daemonEvent === 'throttling') return { state: 'restarting', detail: 'its command keeps exiting; uWSGI waits, then starts it again' };
  if (seen.daemonAgeMs === null) {
    return seen.daemonEvent === 'respawning' ? { state: 'restarting', detail: 'its command exited and is being started again' } : { state: 'starting' };
  }
  if (seen.daemonEvent === 'respawning' && seen.daemonAgeMs < STABLE_AFTER_MS) {
    // A web process that was started again and answers serves: a crash loop would not answer.
    if (family === 'web' && seen.answers === true) return { state: 'up', detail: `its command exited and was started again ${seconds(seen.daemonAgeMs)} ago` };
    return { state: 'restarting', detail: `its command exited and was started again ${seconds(seen.daemonAgeMs)} ago` };
  }
  if (family === 'web' && seen.answers !== true) {
    return seen.daemonAgeMs < STARTUP_GRACE_MS
      ? { state: 'starting', detail: 'not answering on $PORT yet' }
      : { state: 'unresponsive', detail: `running for ${seconds(seen.daemonAgeMs)} but not answering on $PORT` };
  }
  return { state: 'up' };
}

/** The last `LOG_TAIL_BYTES` of a log file as lines ([] when it does not exist). */
function readLogTail(path: string): Promise<string[]> {
  return readFileTail(path, LOG_TAIL_BYTES);
}

/** uWSGI logs each (re)spawn of an attach-daemon2 command; the last one tells how the current one started. */
export function lastDaemonEvent(lines: readonly string[]): DaemonEvent {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const match = /^\[uwsgi-daemons\] (spawning|respawning|throttling) /.exec(lines[i] as string);
    if (match) return match[1] as DaemonEvent;
  }
  return null;
}

export interface MeasureInput {
  app: string;
  /** HOP3_ROOT's tag in the process titles (settings.processTag). */
  processTag: string;
  vassals: readonly VassalRecord[];
  logDir: string;
  /** Vassal files the emperor watches now. */
  enabled: ReadonlySet<string>;
  /** The app was stopped on purpose. */
  stopped: boolean;
}

/** The vassal's master: a `<prefix>uWSGI master` that has this vassal's log open (the newest if several). */
async function findMaster(candidates: readonly ProcessInfo[], logFile: string): Promise<ProcessInfo | null> {
  const wanted = await realpath(logFile).catch(() => logFile);
  const unreadable: ProcessInfo[] = [];
  const matching: ProcessInfo[] = [];
  for (const candidate of candidates) {
    const files = openFilesOf(candidate.pid);
    if (files === null) unreadable.push(candidate);
    else if (files.includes(wanted)) matching.push(candidate);
  }
  // Another user's process hides its fds: then any master of the kind may be this one.
  const pool = matching.length > 0 ? matching : unreadable;
  return pool.sort((a, b) => b.startedAt - a.startedAt)[0] ?? null;
}

/** The processes of one vassal: its master and the master's children. */
export interface VassalProcesses {
  master: ProcessInfo | null;
  children: ProcessInfo[];
  /** wsgi: the uWSGI workers. */
  workers: ProcessInfo[];
  /** attach-daemon2 kinds: the command's process (a child that is not uWSGI's own). */
  daemon: ProcessInfo | null;
}

/** Find one vassal's processes in a process table. */
export async function vassalProcesses(table: readonly ProcessInfo[], input: Pick<MeasureInput, 'app' | 'processTag' | 'logDir'>, vassal: VassalRecord): Promise<VassalProcesses> {
  const prefix = processPrefix(input.processTag, input.app, vassal.kind);
  const masters = table.filter((p) => p.title.startsWith(prefix) && p.title.endsWith('uWSGI master'));
  const master = await findMaster(masters, logFileOfVassal(input.logDir, vassal));
  const children = master === null ? [] : table.filter((p) => p.ppid === master.pid);
  return {
    master,
    children,
    workers: children.filter((p) => p.title.startsWith(`${prefix}uWSGI worker`)),
    daemon: children.find((p) => !p.title.startsWith(prefix)) ?? null,
  };
}

function logFileOfVassal(logDir: string, vassal: VassalRecord): string {
  return vassalLogFile(logDir, vassal.kind, vassal.ordinal);
}

/** Measure each vassal of the live generation: its processes, its port and its log. */
export async function measureWorkers(input: MeasureInput): Promise<WorkerStatus[]> {
  const table = readProcessTable();
  const now = Date.now();
  return Promise.all(
    input.vassals.map(async (vassal): Promise<WorkerStatus> => {
      const { master, children, workers, daemon } = await vassalProcesses(table, input, vassal);
      const log = await readLogTail(logFileOfVassal(input.logDir, vassal));
      const { state, detail } = classify({
        kind: vassal.kind,
        meantToRun: !input.stopped && input.enabled.has(vassal.file),
        masterAgeMs: master === null ? null : now - master.startedAt,
        workers: workers.length,
        daemonAgeMs: daemon === null ? null : now - daemon.startedAt,
        daemonEvent: lastDaemonEvent(log),
        answers: vassal.port === null ? null : await isPortOpen(vassal.port),
      });
      const status: WorkerStatus = { kind: vassal.kind, ordinal: vassal.ordinal, state };
      if (master !== null) status.pids = [master.pid, ...children.map((p) => p.pid)];
      if (detail !== undefined) status.detail = detail;
      if (state !== 'up' && state !== 'stopped') {
        status.logTail = log
          .filter((line) => line.trim() !== '')
          .slice(-LOG_TAIL_LINES)
          .map((line) => (line.length > LOG_LINE_MAX ? `${line.slice(0, LOG_LINE_MAX)}…` : line));
      }
      return status;
    }),
  );
}

type WebScope = Pick<MeasureInput, 'app' | 'processTag' | 'logDir' | 'vassals'>;

/** Each web vassal's master and the processes that serve it: its wsgi workers, or its command for other web kinds. */
async function webServing(input: WebScope): Promise<{ master: ProcessInfo | null; serving: ProcessInfo[] }[]> {
  const table = readProcessTable();
  return Promise.all(
    input.vassals
      .filter((v) => isWebKind(v.kind))
      .map(async (vassal) => {
        const { master, workers, daemon } = await vassalProcesses(table, input, vassal);
        return { master, serving: workerFamily(vassal.kind) === 'wsgi' ? workers : daemon === null ? [] : [daemon] };
      }),
  );
}

/** The pids serving the web vassals now: what {@link webVassalsReloaded} compares against. */
export async function webServingPids(input: WebScope): Promise<Set<number>> {
  return new Set((await webServing(input)).flatMap(({ serving }) => serving.map((p) => p.pid)));
}

/**
 * True when each web vassal is served by processes none of which is in `before` (taken just
 * before the reload was asked for): new pids, not start times, so a version started a moment
 * before the reload (a restart right after a deploy) is not taken for the reloaded one. A vassal
 * with no master seen (being re-executed, or not found yet) has not reloaded yet.
 */
export async function webVassalsReloaded(input: WebScope, before: ReadonlySet<number>): Promise<boolean> {
  return (await webServing(input)).every(({ master, serving }) => master !== null && serving.length > 0 && serving.every((p) => !before.has(p.pid)));
}

/**
 * The app does its job: its web kinds are up, or — without a web kind — every worker is up.
 * (A crash-looping background worker beside a working web kind makes the app degraded, not down.)
 */
export function appServes(workers: readonly WorkerStatus[]): boolean {
  const web = workers.filter((w) => isWebKind(w.kind));
  const essential = web.length > 0 ? web : workers;
  return essential.every((w) => w.state === 'up');
}
