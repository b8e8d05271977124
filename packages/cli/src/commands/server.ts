import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson, table } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';

const ACTIONS = ['start', 'stop', 'status'] as const;

/** What else the service measured: its mode, who manages it, whether its port answers. */
function detailOf(status: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof status.mode === 'string') parts.push(status.mode);
  if (typeof status.manager === 'string') parts.push(`managed by ${status.manager}`);
  if (typeof status.answers === 'boolean') parts.push(`port ${String(status.httpPort ?? '?')} ${status.answers ? 'answers' : 'does not answer'}`);
  if (status.includesSites === false) parts.push('does not include the apps\' sites: run "hop3 setup"');
  if (typeof status.error === 'string') parts.push(status.error);
  return parts.join(', ') || '-';
}

export const serverCommand: Command = {
  summary: 'Start, stop or show the services plugins run for hop3 (nginx and the uWSGI emperor; with HOP3_SERVICES=system the system nginx).',
  usage: 'hop3 server start|stop|status [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {}, ['action']);
    const action = requirePositional(positionals, 0, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown server action "${action}" (start, stop, status)`);
    const engine = await openEngine(io, { json: values.json === true });
    const { services, repointed } = await engine.server[action as (typeof ACTIONS)[number]]();
    // An app that could not be pointed at again is a failure of this command, after the rest was done.
    const exitCode = (repointed ?? []).some((app) => 'error' in app) ? 1 : 0;
    if (values.json) {
      printJson(io, { services, ...(repointed === undefined ? {} : { repointed }) });
      return exitCode;
    }
    io.stdout(table([['SERVICE', 'RUNNING', 'PID', 'DETAIL'], ...services.map((s) => [s.name, s.running ? 'yes' : 'no', String(s.pid ?? '-'), detailOf(s)])]));
    for (const app of repointed ?? []) {
      if ('error' in app) io.stderr(`${app.app}: answers on other ports than the proxy sends to, and could not be pointed there: ${app.error.message}\n`);
      else io.stdout(`${app.app}: had come back on other ports; the proxy now sends to ${app.endpoints.join(', ')}\n`);
    }
    return exitCode;
  },
};
