/** What a requirements file points at, besides package names. */
export interface RequirementRefs {
  /** `-r`/`-c` files (as written, relative to the file that names them). */
  includes: string[];
  /** `-f`/`--find-links` values that are local paths, not URLs. */
  findLinks: string[];
  /** Local archives and directories installed directly (`./wheels/x.whl`, `.`, `-e ./lib`, `pkg @ file:///…`). */
  localPaths: string[];
}

const INCLUDE = /^(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=[^\s-]))(\S+)/;
const FIND_LINKS = /^(?:-f|--find-links)(?:\s*=\s*|\s+|(?=[^\s-]))(\S+)/;
const EDITABLE = /^(?:-e|--editable)(?:\s*=\s*|\s+)(\S+)/;
const FILE_URL = /@\s*file:\/\/(\S+)/;
const ARCHIVE = /\.(?:whl|tar\.gz|tgz|zip|tar\.bz2)$/i;

function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.startsWith('file://');
}

function stripFileScheme(value: string): string {
  return value.startsWith('file://') ? value.slice('file://'.length) : value;
}

/** Logical lines: comments dropped, `\` continuations joined. */
export function logicalLines(text: string): string[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** The files and directories a requirements file depends on (pip's syntax, the common cases). */
export function parseRequirementRefs(text: string): RequirementRefs {
  const refs: RequirementRefs = { includes: [], findLinks: [], localPaths: [] };
  for (const line of logicalLines(text)) {
    const include = INCLUDE.exec(line);
    if (include?.[1]) {
      refs.includes.push(include[1]);
      continue;
    }
    const findLinks = FIND_LINKS.exec(line);
    if (findLinks?.[1]) {
      if (!isUrl(findLinks[1])) refs.findLinks.push(stripFileScheme(findLinks[1]));
      continue;
    }
    const editable = EDITABLE.exec(line);
    if (editable?.[1]) {
      if (!isUrl(editable[1])) refs.localPaths.push(stripFileScheme(editable[1]));
      continue;
    }
    const fileUrl = FILE_URL.exec(line);
    if (fileUrl?.[1]) {
      refs.localPaths.push(fileUrl[1]);
      continue;
    }
    const first = line.split(/\s+/)[0] ?? '';
    if (first.startsWith('-')) continue; // other options (--no-index, --index-url …)
    if (first === '.' || first.startsWith('./') || first.startsWith('../') || first.startsWith('/') || ARCHIVE.test(first)) {
      refs.localPaths.push(stripFileScheme(first));
    }
  }
  return refs;
}
