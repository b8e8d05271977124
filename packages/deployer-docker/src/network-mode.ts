const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True when some env value is a URL to a service on this machine's loopback (an attached addon). */
export function namesLoopbackService(env: Readonly<Record<string, string>>): boolean {
  return Object.values(env).some((value) => {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
    try {
      return LOOPBACK_HOSTS.has(new URL(value).hostname);
    } catch {
      return false;
    }
  });
}

/**
 * The network of an app's containers. `auto` (the default) picks the host network when the
 * app's env names a service on loopback (PostgreSQL and redis addons listen on 127.0.0.1 only,
 * which a bridged container cannot reach), else the bridge with ports published on 127.0.0.1.
 */
export function networkOf(setting: 'auto' | 'bridge' | 'host' | undefined, env: Readonly<Record<string, string>>): 'bridge' | 'host' {
  if (setting === 'bridge' || setting === 'host') return setting;
  return namesLoopbackService(env) ? 'host' : 'bridge';
}
