import { engineError, EngineErrorCodes } from '../errors.js';

/** What a key's forced command was asked to do (SSH_ORIGINAL_COMMAND). */
export type SshRequest =
  | { kind: 'receive-pack'; repo: string }
  | { kind: 'upload-pack'; repo: string }
  | { kind: 'hop3'; argv: string[] };

const refuse = (message: string): never => {
  throw engineError({ message, code: EngineErrorCodes.sshRefused });
};

/**
 * Split a request into words like a shell would for plain words and quotes, but nothing else:
 * no variables, globs, pipes or `;` (this is not a shell; such a character outside quotes is refused).
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) refuse(`Unbalanced ${c} in the command.`);
      current = (current ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === ' ' || c === '\t') {
      if (current !== null) words.push(current);
      current = null;
    } else if (/[;&|<>`$(){}\\\n*?]/.test(c)) {
      refuse(`"${c}" is not allowed: this is not a shell. Run: ssh hop3@server <hop3 command> [args]`);
    } else {
      current = (current ?? '') + c;
    }
  }
  if (current !== null) words.push(current);
  return words;
}

/**
 * What an SSH key may run: git push and fetch of app repositories, and the hop3 commands the host
 * allows — nothing else (no shell, no scp/sftp). `allowed` is the host's list of commands.
 */
export function parseSshRequest(original: string | undefined, allowed: ReadonlySet<string>): SshRequest {
  if (original === undefined || original.trim() === '') {
    return refuse('No shell here. Run hop3 commands (ssh hop3@server apps) or git push hop3@server:<app> main.');
  }
  const words = splitWords(original.trim());
  const [first = '', ...rest] = words;
  if (first === 'git-receive-pack' || first === 'git-upload-pack') {
    if (rest.length !== 1) refuse(`${first} takes one repository.`);
    return { kind: first === 'git-receive-pack' ? 'receive-pack' : 'upload-pack', repo: rest[0]! };
  }
  const argv = first === 'hop3' ? rest : words;
  const command = argv[0] ?? '';
  if (!allowed.has(command)) {
    refuse(`"${command.slice(0, 60)}" is refused: this key runs git push/fetch of app repositories and hop3 commands (${[...allowed].sort().join(', ')}), nothing else.`);
  }
  return { kind: 'hop3', argv };
}
