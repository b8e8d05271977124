import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson, table } from '../io/output.js';
import { selfCommand } from '../io/self-command.js';
import { UsageError } from '../io/usage-error.js';

export const sshKeysCommand: Command = {
  summary: "Manage who may git push and run hop3 over SSH: keys in the hop3 user's authorized_keys, each limited to hop3 (forced command, restrict: no shell, no forwarding).",
  usage: 'hop3 ssh-keys add <name> <public key file> | list | remove <name> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {}, ['action', 'name', 'file']);
    const action = requirePositional(positionals, 0, 'action');
    const engine = await openEngine(io, { json: values.json === true });
    if (action === 'list') {
      const keys = await engine.sshKeys.list();
      if (values.json) printJson(io, { keys });
      else io.stdout(keys.length === 0 ? 'No keys yet. Add one with "hop3 ssh-keys add <name> <key.pub>".\n' : table([['NAME', 'TYPE', 'FINGERPRINT'], ...keys.map((k) => [k.name, k.type, k.fingerprint])]));
      return 0;
    }
    const name = requirePositional(positionals, 1, 'name');
    if (action === 'add') {
      const file = resolve(io.cwd, requirePositional(positionals, 2, 'public key file'));
      const publicKey = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read the public key file ${file}: ${error.code ?? error.message}`);
      });
      const key = await engine.sshKeys.add({ name, publicKey, command: selfCommand(io.env) });
      if (values.json) printJson(io, key);
      else io.stdout(`Added key "${key.name}" (${key.type} ${key.fingerprint})\n`);
      return 0;
    }
    if (action === 'remove') {
      const key = await engine.sshKeys.remove({ name });
      if (values.json) printJson(io, key);
      else io.stdout(`Removed key "${key.name}" (${key.fingerprint})\n`);
      return 0;
    }
    throw new UsageError(`unknown action "${action}": use add, list or remove`);
  },
};
