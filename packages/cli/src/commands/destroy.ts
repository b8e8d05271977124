import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Abort, loadAppConfig, emptyAppConfig } from '@hop3/core';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson } from '../io/output.js';
import { createHost } from '../host/create-host.js';
import { AppStore } from '../host/app-store.js';
import { deployerOf, proxyOf } from '../host/app-context.js';

export const destroyCommand: Command = {
  summary: "Remove an app: its processes, proxy config, releases, venv, logs and state. Its data/ dir is kept.",
  usage: 'hop3 destroy <app> --yes [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { yes: { type: 'boolean', default: false } });
    const name = requirePositional(positionals, 0, 'app');
    if (!values.yes) throw new Abort(`This removes "${name}" for good (data/ is kept). Run again with --yes to confirm.`, { exitCode: 2 });
    const host = await createHost(io);
    const store = new AppStore(host.layout);
    await store.withAppLock(name, async () => {
      const record = await store.require(name);
      const config = await loadAppConfig(record.app.paths.src).catch(() => emptyAppConfig());
      if (record.app.runtime !== null && record.artifact !== null) {
        const deployer = await deployerOf(host, record).catch(() => null);
        await (deployer?.destroy ? deployer.destroy() : deployer?.stop());
      }
      if (record.deployment !== null) {
        const proxy = await proxyOf(host, record, config);
        await proxy.remove?.();
      }
      const paths = host.layout.app(name);
      for (const entry of ['releases', 'src', 'venv', 'log', 'app.json']) await rm(join(paths.root, entry), { recursive: true, force: true });
    });
    if (values.json) printJson(io, { app: name, destroyed: true, kept: host.layout.app(name).data });
    else io.stdout(`${name}: destroyed (kept ${host.layout.app(name).data})\n`);
    return 0;
  },
};
