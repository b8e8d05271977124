import { writeFileAtomic } from '@hop3/kit';
import { DockerErrorCodes, dockerError } from './errors.js';

/**
 * The text of a `docker run --env-file`: one `NAME=value` per line, taken literally by docker
 * (no quotes, no expansion). The app's env goes there and never on a command line, where `ps`
 * would show its secrets.
 */
export function dockerEnvFileText(env: Readonly<Record<string, string>>): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw dockerError({ code: DockerErrorCodes.invalidSetting, message: `"${name}" cannot be passed to a container: env names are letters, digits and "_".`, details: { name } });
    }
    if (/[\r\n\0]/.test(value)) {
      // The value is never shown: it may be a secret.
      throw dockerError({ code: DockerErrorCodes.invalidSetting, message: `The value of ${name} holds a line break, which a docker env file cannot carry: put it on one line.`, details: { name } });
    }
    lines.push(`${name}=${value}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Write the env file 0600 (it holds secrets), atomically. */
export function writeDockerEnvFile(path: string, env: Readonly<Record<string, string>>): Promise<void> {
  return writeFileAtomic(path, dockerEnvFileText(env), { mode: 0o600 });
}
