import type { LifecycleAction } from '@hop3/engine';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson } from '../io/output.js';

function lifecycle(action: LifecycleAction, summary: string): Command {
  return {
    summary,
    usage: `hop3 ${action} <app> [--json]`,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, {}, ['app']);
      const app = requirePositional(positionals, 0, 'app');
      const engine = await openEngine(io, { json: values.json === true });
      const { state } = await engine[action]({ app });
      if (values.json) printJson(io, { app, action, state });
      else io.stdout(`${app}: ${state}\n`);
      return 0;
    },
  };
}

export const startCommand = lifecycle('start', "Start an app's processes; returns once the app answers (or fails with its log).");
export const stopCommand = lifecycle('stop', "Stop an app's processes (the proxy keeps its config and answers 502).");
export const restartCommand = lifecycle('restart', "Restart an app's processes; returns once the app answers again (or fails with its log).");
