import { readFile, readlink } from 'node:fs/promises';
import { join, resolve, dirname } from 'node:path';
import type { DebianContext } from '../../context.js';
import { debianError, DebianErrorCodes } from '../../errors.js';
import { renderNginxInclude } from './render-nginx-include.js';
import { renderEmperorUnit, renderRenewService, renderRenewTimer } from './render-units.js';
import { EMPEROR_UNIT, RENEW_SERVICE_UNIT, RENEW_TIMER_UNIT, resolveSystemSettings, type SystemSettings } from './system-settings.js';

export type SystemFileAction = 'create' | 'update' | 'unchanged' | 'remove';

/** One system file setup writes (or removes); serialisable. */
export interface SystemFilePlan {
  path: string;
  purpose: string;
  action: SystemFileAction;
}

export type SystemServiceAction = 'enable-and-start' | 'unchanged' | 'reload' | 'started-by-hop3-server-start' | 'not-running';

export interface SystemServicePlan {
  name: string;
  action: SystemServiceAction;
  note: string;
}

/** The system part of `hop3 setup` (HOP3_SERVICES=system): files under /etc and the services. */
export interface SystemFilesPlan {
  applies: boolean;
  reason: string;
  /** systemd is PID 1: units are installed and enabled; else `hop3 server start` runs the services. */
  systemd: boolean;
  files: SystemFilePlan[];
  services: SystemServicePlan[];
}

/** A planned file with what it will hold (null: removed), for `applySystemFiles`. */
export interface PlannedFile extends SystemFilePlan {
  content: string | null;
  /** What is there now (null: nothing), to roll back to. */
  previous: string | null;
  /** Debian's default site is a symbolic link: restored as one. */
  linkTarget?: string;
  /** The file is part of nginx's configuration (so nginx -t checks it). */
  nginx: boolean;
}

export interface SystemFilesWork {
  plan: SystemFilesPlan;
  files: PlannedFile[];
  settings: SystemSettings | null;
}

export interface SystemFilesOptions {
  /** Prefix of /etc and /run (tests); default `/`. */
  systemRoot?: string;
  /** Whether systemd is PID 1 (default: measured by the caller). */
  systemd: boolean;
  /** How the renewal timer runs hop3 (default: this node and this hop3 script). */
  hop3Command: readonly string[];
}

const SAFE_ARG = /^\/[A-Za-z0-9._\-/+@=,]*$/;

async function current(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

async function planned(path: string, purpose: string, content: string, nginx: boolean): Promise<PlannedFile> {
  const previous = await current(path);
  const action: SystemFileAction = previous === null ? 'create' : previous === content ? 'unchanged' : 'update';
  return { path, purpose, action, content, previous, nginx };
}

/** Debian's stock default site claims `default_server` on port 80: it is unlinked (the file stays in sites-available). */
async function plannedDefaultSite(link: string, target: string): Promise<PlannedFile | null> {
  const points = await readlink(link).catch(() => null);
  if (points === null || resolve(dirname(link), points) !== target) return null;
  return {
    path: link,
    purpose: `Debian's welcome site answers every unknown hostname on port 80 (default_server); hop3's 404 server replaces it. ${target} is kept: "ln -s ${target} ${link}" restores it`,
    action: 'remove',
    content: null,
    previous: await current(link),
    linkTarget: points,
    nginx: true,
  };
}

async function unitState(context: DebianContext, unit: string): Promise<boolean> {
  const run = async (verb: string) => (await context.run('systemctl', [verb, '--quiet', unit], { allowFailure: true }).catch(() => ({ exitCode: 1 }))).exitCode === 0;
  return (await run('is-enabled')) && (await run('is-active'));
}

async function nginxRunning(systemRoot: string): Promise<boolean> {
  const pid = Number((await current(join(systemRoot, 'run/nginx.pid')))?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Work out the system files and services, changing nothing (no root needed). */
export async function planSystemFiles(context: DebianContext, options: SystemFilesOptions): Promise<SystemFilesWork> {
  if (context.env.HOP3_SERVICES !== 'system') {
    const reason = 'HOP3_SERVICES is not "system": the embedded nginx and uWSGI run under HOP3_ROOT and need no system files';
    return { plan: { applies: false, reason, systemd: options.systemd, files: [], services: [] }, files: [], settings: null };
  }
  const systemRoot = options.systemRoot ?? '/';
  const settings = resolveSystemSettings(context.layout, context.env, systemRoot);
  for (const arg of options.hop3Command.slice(0, 2)) {
    if (!SAFE_ARG.test(arg)) {
      throw debianError({ code: DebianErrorCodes.invalidInput, message: `The hop3 program path ${arg} cannot go into a systemd unit: install hop3 under a path of letters, digits and ._-/+@=, only.`, details: { path: arg } });
    }
  }
  const { paths } = settings;
  const files: PlannedFile[] = [await planned(paths.nginxInclude, `includes the apps' sites from ${settings.sitesDir}/ and answers unknown hostnames with 404`, renderNginxInclude(settings), true)];
  const defaultSite = await plannedDefaultSite(paths.debianDefaultSite, paths.debianDefaultTarget);
  if (defaultSite) files.push(defaultSite);
  if (options.systemd) {
    files.push(
      await planned(join(paths.unitDir, EMPEROR_UNIT), `runs the uWSGI emperor watching ${settings.vassalsDir}`, renderEmperorUnit(settings), false),
      await planned(join(paths.unitDir, RENEW_SERVICE_UNIT), 'renews the ACME certificates expiring within 30 days (hop3 certs renew --all)', renderRenewService(settings, options.hop3Command), false),
      await planned(join(paths.unitDir, RENEW_TIMER_UNIT), `runs ${RENEW_SERVICE_UNIT} daily`, renderRenewTimer(), false),
    );
  }

  const nginxChanges = files.some((file) => file.nginx && file.action !== 'unchanged');
  const running = await nginxRunning(systemRoot);
  const services: SystemServicePlan[] = [
    running
      ? { name: 'nginx', action: nginxChanges ? 'reload' : 'unchanged', note: nginxChanges ? 'graceful reload after nginx -t accepts the configuration' : 'running with this configuration' }
      : { name: 'nginx', action: 'not-running', note: options.systemd ? 'start it with "hop3 server start" (systemctl start nginx)' : 'start it with "hop3 server start"' },
  ];
  if (options.systemd) {
    for (const unit of [EMPEROR_UNIT, RENEW_TIMER_UNIT]) {
      const unitFileChanged = files.some((file) => file.path.endsWith(`/${unit}`) && file.action !== 'unchanged');
      const ok = !unitFileChanged && (await unitState(context, unit));
      services.push({ name: unit, action: ok ? 'unchanged' : 'enable-and-start', note: ok ? 'enabled and active' : `systemctl enable --now ${unit}` });
    }
  } else {
    services.push(
      { name: 'uwsgi emperor', action: 'started-by-hop3-server-start', note: 'systemd is not PID 1 here: "hop3 server start" starts the emperor and keeps its pid' },
      { name: 'certificate renewal', action: 'started-by-hop3-server-start', note: 'systemd is not PID 1 here: the renewal service "hop3 server start" runs covers it' },
    );
  }
  const plan: SystemFilesPlan = {
    applies: true,
    reason: options.systemd ? 'HOP3_SERVICES=system, systemd is PID 1' : 'HOP3_SERVICES=system, no systemd (PID 1 is not systemd)',
    systemd: options.systemd,
    files: files.map(({ path, purpose, action }) => ({ path, purpose, action })),
    services,
  };
  return { plan, files, settings };
}
