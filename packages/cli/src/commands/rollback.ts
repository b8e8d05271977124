import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';

export const rollbackCommand: Command = {
  summary: 'Put back a kept release (default: the previous one) without rebuilding, with the same zero-downtime swap and health gate as a deploy. The current config is kept unless --with-config.',
  usage: 'hop3 rollback <app> [N] [--with-config] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { 'with-config': { type: 'boolean', default: false } }, ['app', 'N']);
    const app = requirePositional(positionals, 0, 'app');
    const raw = positionals[1];
    if (raw !== undefined && !/^[1-9]\d{0,8}$/.test(raw)) throw new UsageError(`release number "${raw}" is not a positive whole number: see "hop3 releases ${app}"`);
    const engine = await openEngine(io, { json: values.json === true });
    const result = await engine.rollback({ app, ...(raw === undefined ? {} : { release: Number(raw) }), withConfig: values['with-config'] === true });
    if (values.json) printJson(io, result);
    else io.stdout(`Rolled ${result.app} back to release ${result.rolledBackTo} (now release ${result.release})\n${result.url}\n`);
    return 0;
  },
};
