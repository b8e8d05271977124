import { EMPEROR_UNIT, RENEW_SERVICE_UNIT, type SystemSettings } from './system-settings.js';

// The emperor's environment: nothing of the host's (vassals inherit it and uWSGI expands
// `$(VAR)` from it), as deployer-uwsgi's EMPEROR_ENV.
const EMPEROR_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const HEADER = '# Written by `hop3 setup` (HOP3_SERVICES=system) and rewritten by the next setup: do not edit.';

/**
 * hop3-uwsgi.service: the emperor of system mode, as root so each vassal drops to its app's
 * account (`uid`/`gid` lines), with the arguments deployer-uwsgi uses (`emperorArgs`) so hop3
 * finds it by the same pid file. SIGINT is uWSGI's clean shutdown of the emperor and vassals.
 */
export function renderEmperorUnit(settings: SystemSettings): string {
  return [
    HEADER,
    '[Unit]',
    `Description=uWSGI emperor of Hop3 (the apps under ${settings.root})`,
    'After=network.target',
    '',
    '[Service]',
    `ExecStart=${settings.uwsgiBin} --emperor ${settings.vassalsDir} --emperor-pidfile ${settings.emperorPidFile} --emperor-freq 1`,
    `WorkingDirectory=${settings.root}`,
    `Environment=PATH=${EMPEROR_PATH} LANG=C.UTF-8`,
    'KillSignal=SIGINT',
    'TimeoutStopSec=35',
    'Restart=always',
    'RestartSec=2',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** The daily renewal job: `hop3 certs renew --all` with the settings this setup ran with. */
export function renderRenewService(settings: SystemSettings, hop3Command: readonly string[]): string {
  const env = Object.entries(settings.hop3Env)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `Environment=${key}=${value}`);
  return [
    HEADER,
    '[Unit]',
    "Description=Renew Hop3's ACME certificates that expire within 30 days",
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=oneshot',
    ...env,
    `ExecStart=${[...hop3Command, 'certs', 'renew', '--all'].join(' ')}`,
    '',
  ].join('\n');
}

export function renderRenewTimer(): string {
  return [
    HEADER,
    '[Unit]',
    `Description=Run ${RENEW_SERVICE_UNIT} daily`,
    '',
    '[Timer]',
    'OnCalendar=daily',
    'RandomizedDelaySec=1h',
    'Persistent=true',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

export { EMPEROR_UNIT };
