import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { interruptible } from '../io/interruptible.js';
import { printJson } from '../io/output.js';

export const deployCommand: Command = {
  summary: 'Build and run the app in <dir>, behind the proxy. A redeploy replaces the running version without downtime.',
  usage: 'hop3 deploy <dir> [--app NAME] [--host H[,H…]] [--env K=V]… [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      app: { type: 'string' },
      host: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
    }, ['dir']);
    const sourceDir = requirePositional(positionals, 0, 'dir');
    const engine = await openEngine(io, { json: values.json === true });
    const result = await interruptible(io, 'the deploy', (signal) =>
      engine.deploy({
        sourceDir,
        ...(values.app === undefined ? {} : { appName: values.app }),
        ...(values.host === undefined ? {} : { hostnames: values.host.flatMap((h) => h.split(',')) }),
        env: values.env ?? [],
        signal,
      }),
    );
    if (values.json) {
      printJson(io, { app: result.app, url: result.url, builder: result.builder, deployer: result.deployer, artifact: result.artifact, release: result.release });
    } else {
      io.stdout(`Deployed ${result.app} (release ${result.release}, ${result.builder} → ${result.deployer})\n${result.url}\n`);
    }
    return 0;
  },
};
