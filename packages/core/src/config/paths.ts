/**
 * Static mappings end up in nginx config, so both sides are checked here, early, with a message
 * for the app author: URL prefixes are plain absolute URL paths, directories stay inside the app.
 */

const URL_PREFIX = /^\/[A-Za-z0-9._~!$&'()*+,=:@%/-]*$/;
const UNSAFE_PATH_CHARS = /[\s;{}"'`$\\]/;

/** Why `prefix` is not a usable static URL prefix, or undefined when it is. */
export function checkUrlPrefix(prefix: string): string | undefined {
  if (!prefix.startsWith('/')) return `URL prefix "${prefix}" must start with "/" (e.g. "/static")`;
  if (!URL_PREFIX.test(prefix)) return `URL prefix "${prefix}" may only contain URL path characters (no spaces, quotes or braces)`;
  return undefined;
}

/** Why `path` is not a directory inside the app (relative, no `..`, no odd characters), or undefined. */
export function checkAppRelativePath(path: string): string | undefined {
  if (path.trim() === '') return 'path is empty';
  if (path.startsWith('/')) return `"${path}" must be relative to the app's source directory (e.g. "public")`;
  if (path.split('/').includes('..')) return `"${path}" must stay inside the app: remove ".."`;
  if (UNSAFE_PATH_CHARS.test(path) || path.includes('\0')) {
    return `"${path}" may not contain spaces, quotes, braces, "$", ";" or "\\"`;
  }
  return undefined;
}
