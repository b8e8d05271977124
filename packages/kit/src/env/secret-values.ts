/** Names whose values are treated as secrets: shown as `****` and masked in command output. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|KEY|_URL|CREDENTIALS?)$/i;

/** True when a variable's name says its value is a secret (`API_TOKEN`, `DATABASE_URL`…). */
export function isSecretEnvName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * The values of `env` to mask in what a command prints or logs: those of secret-looking
 * names. Very short values are left out: masking "1" everywhere would garble the output.
 */
export function secretValues(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => isSecretEnvName(name) && value.length >= 4)
    .map(([, value]) => value);
}
