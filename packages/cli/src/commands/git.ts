import { readFileSync } from 'node:fs';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { interruptible } from '../io/interruptible.js';
import { openEngine } from '../io/open-engine.js';
import { runInherited } from '../io/run-inherited.js';
import { selfCommand } from '../io/self-command.js';
import { UsageError } from '../io/usage-error.js';

/**
 * `git push` to an app: what sshd runs for `git push hop3@server:<app>` (through `hop3
 * ssh-command`), and what `git push --receive-pack='hop3 git-receive-pack' <path>` runs locally.
 * The first push creates the app's repository under HOP3_ROOT/repos.
 */
export const gitReceivePackCommand: Command = {
  summary: "Receive a git push for an app (creates its repository on the first push); its pre-receive hook deploys the pushed commit.",
  usage: 'hop3 git-receive-pack <app or repository path>',
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {}, ['repo']);
    const repo = requirePositional(positionals, 0, 'repo');
    const engine = await openEngine(io);
    const { path } = await engine.git.receiveRepo({ repo, hookCommand: selfCommand(io.env), anyDir: io.env.HOP3_SSH_KEY === undefined });
    return runInherited('git', ['receive-pack', path], io.env);
  },
};

export const gitUploadPackCommand: Command = {
  summary: "Serve a fetch or clone of an app's repository.",
  usage: 'hop3 git-upload-pack <app>',
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {}, ['repo']);
    const { path } = await (await openEngine(io)).git.uploadRepo({ repo: requirePositional(positionals, 0, 'repo') });
    return runInherited('git', ['upload-pack', path], io.env);
  },
};

const HOOK_VARIABLES = new Set(['GIT_DIR', 'GIT_QUARANTINE_PATH', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_PUSH_OPTION_COUNT', 'GIT_PROTOCOL']);

/** Run by the app repository's pre-receive hook: deploy while the push waits; non-zero rejects it. */
export const gitHookCommand: Command = {
  summary: 'The pre-receive hook of an app repository (run by git, not by hand).',
  usage: 'hop3 git-hook pre-receive <app>',
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {}, ['hook', 'app']);
    if (positionals[0] !== 'pre-receive') throw new UsageError('only the pre-receive hook is handled');
    const app = requirePositional(positionals, 1, 'app');
    const updates = readFileSync(0, 'utf8'); // git writes the ref updates on stdin
    // git's hook variables (GIT_DIR, the quarantine) serve the checkout only: the deploy, the
    // servers it may start and the app's processes must not see them.
    const gitEnv = { ...io.env }; // a copy: io.env may be process.env itself, cleaned below
    const env = Object.fromEntries(Object.entries(io.env).filter(([key]) => !HOOK_VARIABLES.has(key)));
    for (const key of HOOK_VARIABLES) delete process.env[key];
    // The pusher sees every line on stderr as "remote: …": show the deploy's progress.
    const engine = await openEngine({ ...io, env, interactive: true });
    // A push interrupted (Ctrl-C, a dropped connection) is undone like a failed one.
    const result = await interruptible(io, 'the deploy', (signal) => engine.git.receive({ app, updates, gitEnv, signal }));
    io.stderr(`Deployed ${result.app} (release ${result.release}, commit ${result.commit.slice(0, 12)}, ${result.builder} → ${result.deployer})\n${result.url}\n`);
    return 0;
  },
};
