import { loadTemplate } from '@hop3/kit';
import { toUwsgiCron } from './cron.js';
import { daemonShellCommand } from './daemon-command.js';
import { daemonCommand, iniValue, wsgiModule } from './ini-values.js';
import { processPrefix } from './processes.js';
import { envLines } from './worker-env.js';
import type { AppTuning } from './settings.js';
import { workerFamily } from './workers.js';

type TemplateName = 'common' | 'wsgi' | 'daemon' | 'cron';

// Loaded (and cached by kit) on first render, not at import: hosts import this plugin at
// start-up for commands that render nothing.
const template = (name: TemplateName) => loadTemplate(new URL(`../templates/${name}.ini.hbs`, import.meta.url));
const templates = {
  common: (data: object) => template('common')(data),
  wsgi: (data: object) => template('wsgi')(data),
  daemon: (data: object) => template('daemon')(data),
  cron: (data: object) => template('cron')(data),
};

export interface VassalInput {
  app: string;
  kind: string;
  ordinal: number;
  generation: number;
  /** The Procfile command of the kind. */
  command: string;
  chdir: string;
  logFile: string;
  env: Record<string, string>;
  tuning: AppTuning;
  uid: string | null;
  gid: string | null;
  /** HOP3_ROOT's tag in the process titles (settings.processTag). */
  processTag: string;
  /** wsgi only. */
  processes?: number;
  venv?: string | null;
  socket?: string | null;
  httpPort?: number | null;
}

function path(value: string, what: string): string {
  return iniValue(value, what, { path: value });
}

/** The text of one vassal ini file for a wsgi, web, cron or background worker. */
export function renderVassal(input: VassalInput): string {
  const common = templates.common({
    app: input.app,
    kind: input.kind,
    ordinal: input.ordinal,
    generation: input.generation,
    procnamePrefix: processPrefix(input.processTag, input.app, input.kind),
    chdir: path(input.chdir, 'The source directory'),
    logFile: path(input.logFile, 'The log file'),
    logMaxSize: input.tuning.logMaxSize,
    uid: input.uid,
    gid: input.gid,
    env: envLines(input.env),
  }).trimEnd();
  const family = workerFamily(input.kind);
  if (family === 'wsgi') {
    if (!input.venv || !input.socket || !input.httpPort) throw new Error('renderVassal: a wsgi vassal needs venv, socket and httpPort');
    return templates.wsgi({
      common,
      module: wsgiModule(input.command),
      processes: input.processes ?? 1,
      threads: input.tuning.threads,
      venv: path(input.venv, 'The virtualenv path'),
      socket: path(input.socket, 'The socket path'),
      httpPort: input.httpPort,
      listen: input.tuning.listen,
      maxRequests: input.tuning.maxRequests,
    });
  }
  if (family === 'cron') {
    const cron = toUwsgiCron(input.command, input.kind);
    return templates.cron({ common, schedule: cron.schedule, command: iniValue(cron.command, `The command of worker "${input.kind}"`, { kind: input.kind }) });
  }
  return templates.daemon({ common, command: daemonCommand(daemonShellCommand(input.command), input.kind) });
}
