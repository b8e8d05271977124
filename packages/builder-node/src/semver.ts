/**
 * semver, loaded when a build first compares versions: it costs ~40 ms to load, which every
 * import of this plugin paid (`hop3 plugins`, and every deploy, whose builders are asked in turn).
 */
export function loadSemver(): Promise<typeof import('semver')> {
  return import('semver');
}
