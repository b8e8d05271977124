import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { isSafeName, SAFE_NAME_RULE } from '@hop3/core';
import { writeFileAtomic } from '@hop3/kit';
import { engineError, EngineErrorCodes } from '../errors.js';
import { fingerprintOf, parsePublicKey } from './public-key.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The comment that marks a line as hop3's: `hop3-key:<name>`. Lines without it are left alone. */
const MARK = 'hop3-key:';

export interface SshKeyEntry {
  name: string;
  type: string;
  fingerprint: string;
}

/** HOP3_AUTHORIZED_KEYS, else the hop3 user's ~/.ssh/authorized_keys. */
export function authorizedKeysPath(env: Env): string {
  return env.HOP3_AUTHORIZED_KEYS ?? join(env.HOME ?? homedir(), '.ssh', 'authorized_keys');
}

/** Quote one word for the shell sshd runs a forced command with. */
function shellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The authorized_keys line of a key: sshd runs only hop3's `ssh-command` for it, whatever the
 * client asks (the request is in SSH_ORIGINAL_COMMAND), and `restrict` takes away port, agent
 * and X11 forwarding and the terminal.
 */
export function keyLine(name: string, type: string, base64: string, root: string, command: readonly string[]): string {
  const forced = `HOP3_ROOT=${shellWord(root)} exec ${[...command, 'ssh-command', name].map(shellWord).join(' ')}`;
  if (forced.includes('"') || forced.includes('\n')) {
    throw engineError({ message: `The paths of hop3 and HOP3_ROOT must not contain '"' or a newline to go into authorized_keys: ${forced}`, code: EngineErrorCodes.invalidInput });
  }
  return `command="${forced}",restrict ${type} ${base64} ${MARK}${name}`;
}

function entryOf(line: string): SshKeyEntry | null {
  const match = /\s(ssh-[a-z0-9-]+|ecdsa-[a-z0-9-]+|sk-[a-z0-9@.-]+)\s+([A-Za-z0-9+/]+={0,2})\s+hop3-key:([a-z0-9-]+)\s*$/.exec(line);
  if (match === null) return null;
  return { name: match[3]!, type: match[1]!, fingerprint: fingerprintOf(match[2]!) };
}

async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text.split('\n').filter((line) => line.trim() !== '');
}

async function writeLines(path: string, lines: readonly string[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, lines.length === 0 ? '' : `${lines.join('\n')}\n`, { mode: 0o600 });
}

export async function listSshKeys(env: Env): Promise<SshKeyEntry[]> {
  return (await readLines(authorizedKeysPath(env))).map(entryOf).filter((e): e is SshKeyEntry => e !== null);
}

/** Add a key under a name; a taken name or a key already added is refused before anything is written. */
export async function addSshKey(env: Env, root: string, input: { name: string; publicKey: string; command: readonly string[] }): Promise<SshKeyEntry> {
  if (!isSafeName(input.name)) throw engineError({ message: `Invalid key name "${input.name}": ${SAFE_NAME_RULE}`, code: EngineErrorCodes.invalidInput });
  const key = parsePublicKey(input.publicKey);
  const path = authorizedKeysPath(env);
  const lines = await readLines(path);
  const existing = lines.map(entryOf);
  const sameName = existing.find((e) => e?.name === input.name);
  if (sameName) throw engineError({ message: `A key named "${input.name}" exists (${sameName.fingerprint}). Remove it first: hop3 ssh-keys remove ${input.name}`, code: EngineErrorCodes.invalidInput });
  const sameKey = existing.find((e) => e?.fingerprint === key.fingerprint);
  if (sameKey) throw engineError({ message: `This key is already added as "${sameKey.name}".`, code: EngineErrorCodes.invalidInput });
  await writeLines(path, [...lines, keyLine(input.name, key.type, key.base64, root, input.command)]);
  return { name: input.name, type: key.type, fingerprint: key.fingerprint };
}

export async function removeSshKey(env: Env, name: string): Promise<SshKeyEntry> {
  const path = authorizedKeysPath(env);
  const lines = await readLines(path);
  const entry = lines.map(entryOf).find((e) => e?.name === name);
  if (!entry) throw engineError({ message: `No key named "${name}". "hop3 ssh-keys list" shows the keys.`, code: EngineErrorCodes.invalidInput });
  await writeLines(path, lines.filter((line) => entryOf(line)?.name !== name));
  return entry;
}
