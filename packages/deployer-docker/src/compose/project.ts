/** The compose project (and swarm stack) of an app: `hop3-<app>`. */
export function projectName(app: string): string {
  return `hop3-${app}`;
}
