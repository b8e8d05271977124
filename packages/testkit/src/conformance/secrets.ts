/** Keys whose values are secrets by name. */
const SECRET_KEY = /PASS|SECRET|TOKEN|KEY|CREDENTIAL/i;

/**
 * The secret strings in an addon's connection details: values of keys named like secrets
 * (`*_PASSWORD`, `*_TOKEN`…), the whole of any URL that carries a password, and that password.
 * Strings shorter than 6 characters are left out (they would match by accident).
 */
export function secretsOf(details: Record<string, string>): string[] {
  const secrets = new Set<string>();
  for (const [key, value] of Object.entries(details)) {
    if (SECRET_KEY.test(key)) secrets.add(value);
    try {
      const url = new URL(value);
      if (url.password !== '') {
        secrets.add(value);
        secrets.add(decodeURIComponent(url.password));
        secrets.add(url.password);
      }
    } catch {
      // not a URL
    }
  }
  return [...secrets].filter((s) => s.length >= 6);
}

/** The secrets from `secrets` that appear in `text` (empty when none leaked). */
export function leakedSecrets(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}
