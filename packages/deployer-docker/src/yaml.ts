/**
 * The YAML library, loaded by the compose and Swarm code paths only: it costs ~75 ms of CPU to
 * load, which every import of this plugin paid (\`hop3 plugins\`, a deploy's preflight, the status
 * of an app in containers).
 */
export function loadYaml(): Promise<typeof import('yaml')> {
  return import('yaml');
}
