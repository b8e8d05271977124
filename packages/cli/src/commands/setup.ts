import { Abort } from '@hop3/core';
import { KitErrorCodes } from '@hop3/kit';
import type { Command } from '../io/command.js';
import { parseCommandArgs } from '../io/args.js';
import { printJson } from '../io/output.js';
import { openEngine } from '../io/open-engine.js';
import { describePlan } from './setup-plan-text.js';

export const setupCommand: Command = {
  summary:
    'Provision this server for hop3: the hop3 user, system packages (nginx, uWSGI, PostgreSQL, Redis, Docker), directories and, with HOP3_SERVICES=system, the system nginx include and uWSGI service.',
  usage: 'hop3 setup [--dry-run] [--only GROUP,…] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { 'dry-run': { type: 'boolean', default: false }, only: { type: 'string' } }, []);
    const groups = values.only?.split(',').map((g) => g.trim()).filter((g) => g !== '');
    const engine = await openEngine(io, { json: values.json === true });
    const options = groups === undefined ? {} : { groups };
    const { os, plan } = await engine.server.planSetup(options);
    const dryRun = values['dry-run'] === true;
    if (!dryRun && process.getuid?.() !== 0) {
      throw new Abort('hop3 setup changes the system and must run as root (try: sudo hop3 setup). "hop3 setup --dry-run" shows the plan without root.', {
        code: KitErrorCodes.notRoot,
        exitCode: 1,
      });
    }
    if (!values.json) io.stdout(`Detected ${os.displayName} (strategy "${os.name}")\n${describePlan(plan)}`);
    const result = dryRun ? null : (await engine.server.setup(options)).result;
    if (values.json) printJson(io, { os, dryRun, plan, result });
    else if (dryRun) io.stdout('Dry run: nothing was changed.\n');
    else io.stdout((result as { changed?: boolean } | null)?.changed === false ? 'Server ready: it was already set up, nothing was changed.\n' : 'Server ready.\n');
    return 0;
  },
};
