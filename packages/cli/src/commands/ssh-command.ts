import { parseSshRequest } from '@hop3/engine';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { COMMANDS } from './registry.js';
import { gitReceivePackCommand, gitUploadPackCommand } from './git.js';

/** Commands a key may not run over SSH: provisioning needs root, the rest are hop3's own plumbing or client-side. */
const NOT_OVER_SSH = new Set(['setup', 'ssh-command', 'git-hook', 'git-receive-pack', 'git-upload-pack', 'remote']);

/**
 * The forced command of every hop3 key in authorized_keys: sshd runs it whatever the client
 * asked, and the request is in SSH_ORIGINAL_COMMAND. It serves git push/fetch of app repositories
 * and hop3 commands, and refuses everything else (a shell, other programs, other paths).
 */
export const sshCommand: Command = {
  summary: 'What sshd runs for a hop3 key (the forced command in authorized_keys); not run by hand.',
  usage: 'hop3 ssh-command <key name>',
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {}, ['key']);
    const key = requirePositional(positionals, 0, 'key');
    const allowed = new Set(Object.keys(COMMANDS).filter((name) => !NOT_OVER_SSH.has(name)));
    const request = parseSshRequest(io.env.SSH_ORIGINAL_COMMAND, allowed);
    const env = { ...io.env, HOP3_SSH_KEY: key };
    if (request.kind === 'receive-pack') return gitReceivePackCommand.run([request.repo], { ...io, env });
    if (request.kind === 'upload-pack') return gitUploadPackCommand.run([request.repo], { ...io, env });
    const { main } = await import('../main.js');
    return main(request.argv, { ...io, env });
  },
};
