import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';

export interface ScaleRequest {
  absolute: Record<string, number>;
  deltas: Record<string, number>;
}

/** `web=2` sets a count, `worker=+1` / `worker=-1` change it. */
export function parseScaleArgs(items: readonly string[]): ScaleRequest {
  if (items.length === 0) throw new UsageError('say what to scale, e.g. "web=2" or "worker=+1"');
  const request: ScaleRequest = { absolute: {}, deltas: {} };
  for (const item of items) {
    const match = /^([a-z][a-z0-9_-]*)=([+-]?)(\d+)$/.exec(item);
    if (!match) throw new UsageError(`"${item}" is not KIND=N, KIND=+N or KIND=-N (e.g. web=2)`);
    const [, kind, sign, digits] = match as unknown as [string, string, string, string];
    if (kind in request.absolute || kind in request.deltas) throw new UsageError(`"${kind}" is named twice: give one count per kind`);
    const n = Number(digits);
    if (sign === '') request.absolute[kind] = n;
    else request.deltas[kind] = sign === '-' ? -n : n;
  }
  return request;
}

export const scaleCommand: Command = {
  summary: 'Set how many processes each worker kind runs (web=2, worker=+1, worker=-1).',
  usage: 'hop3 scale <app> KIND=N… [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {}, ['app', 'KIND=N…']);
    const name = requirePositional(positionals, 0, 'app');
    const request = parseScaleArgs(positionals.slice(1));
    const engine = await openEngine(io, { json: values.json === true });
    const { processes } = await engine.scale({ app: name, ...request });
    if (values.json) printJson(io, { app: name, processes });
    else io.stdout(`${name}: ${Object.entries(processes).map(([k, n]) => `${k}=${n}`).join(' ')}\n`);
    return 0;
  },
};
