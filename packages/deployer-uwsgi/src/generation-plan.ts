import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { findFreePort, isPortOpen } from '@hop3/kit';
import { UwsgiErrorCodes, uwsgiError } from './errors.js';
import { vassalLogFile } from './log-files.js';
import { renderVassal } from './render-vassal.js';
import type { Counts } from './scaling.js';
import type { AppTuning, DeployerSettings } from './settings.js';
import type { GenerationRecord, VassalRecord } from './state.js';
import { vassalFileName } from './vassal-files.js';
import { workerEnv } from './worker-env.js';
import { processKinds, workerFamily } from './workers.js';

/**
 * The longest unix socket path uWSGI binds: 102 bytes (measured with uWSGI 2.0 here; 103 gives
 * "invalid socket name"), below Linux's own 107.
 */
const MAX_SOCKET_PATH = 102;

/** A generation whose ports and socket a new plan keeps; `live` when its processes run. */
export interface Reuse {
  generation: GenerationRecord;
  live: boolean;
}

export interface PlannedVassal {
  record: VassalRecord;
  text: string;
}

export interface GenerationPlanInput {
  appName: string;
  settings: DeployerSettings;
  generation: number;
  counts: Counts;
  reuse: Reuse | null;
  workers: Record<string, string>;
  tuning: AppTuning;
  artifactKind: string;
  chdir: string;
  logDir: string;
  envBase: Omit<Parameters<typeof workerEnv>[0], 'port'>;
}

export function socketPath(settings: DeployerSettings, appName: string, kind: string, generation: number): string {
  const path = join(settings.socketDir, `${appName}_${kind}.g${generation}.sock`);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    throw uwsgiError({ code: UwsgiErrorCodes.invalidSetting, message: `The socket path ${path} is longer than ${MAX_SOCKET_PATH} bytes, the limit for unix sockets. Use a shorter HOP3_ROOT.`, details: { path } });
  }
  return path;
}

/** Ports for a plan: a reused generation keeps its own when it can, others get free ones. */
function portAllocator(reuse: Reuse | null): (kind: string, ordinal: number) => Promise<number> {
  const known = new Map((reuse?.generation.vassals ?? []).map((v) => [`${v.kind}.${v.ordinal}`, v]));
  const taken = new Set<number>();
  return async (kind, ordinal) => {
    const old = known.get(`${kind}.${ordinal}`)?.port;
    // A live generation's ports are busy with its own processes; a stopped one's must be free.
    if (old != null && !taken.has(old) && (reuse?.live === true || !(await isPortOpen(old)))) {
      taken.add(old);
      return old;
    }
    for (;;) {
      const port = await findFreePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
}

/**
 * The vassals of one generation for `counts`: one per worker kind and ordinal (wsgi scales by
 * processes inside a single vassal). `reuse` (a running or stopped generation) keeps its ports
 * and socket when they are free, so the proxy's target stays valid.
 */
export async function planGeneration(input: GenerationPlanInput): Promise<PlannedVassal[]> {
  const { appName, settings, generation, counts, workers, envBase } = input;
  const portFor = portAllocator(input.reuse);
  await mkdir(settings.socketDir, { recursive: true });
  await mkdir(input.logDir, { recursive: true });
  const planned: PlannedVassal[] = [];
  for (const kind of processKinds(workers)) {
    const count = counts[kind] ?? 0;
    const command = workers[kind] as string;
    const family = workerFamily(kind);
    const ordinals = family === 'wsgi' ? Math.min(count, 1) : count;
    for (let ordinal = 1; ordinal <= ordinals; ordinal += 1) {
      const file = vassalFileName(appName, kind, ordinal, generation);
      const port = family === 'wsgi' || family === 'web' ? await portFor(kind, ordinal) : null;
      const socket = family === 'wsgi' ? socketPath(settings, appName, kind, generation) : null;
      if (family === 'wsgi' && envBase.venv === null) {
        throw uwsgiError({ code: UwsgiErrorCodes.invalidWorker, message: `Worker "wsgi" needs a Python virtualenv, but the artifact is "${input.artifactKind}". Use a "web" worker that binds $PORT instead.`, details: { kind } });
      }
      const text = renderVassal({
        app: appName,
        kind,
        ordinal,
        generation,
        command,
        chdir: input.chdir,
        logFile: vassalLogFile(input.logDir, kind, ordinal),
        env: workerEnv({ ...envBase, port }),
        tuning: input.tuning,
        uid: settings.uid,
        gid: settings.gid,
        processTag: settings.processTag,
        processes: count,
        venv: envBase.venv,
        socket,
        httpPort: port,
      });
      planned.push({ record: { kind, ordinal, file, port, socket }, text });
    }
  }
  return planned;
}
