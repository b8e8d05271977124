import { open } from 'node:fs/promises';

export type OsRelease = Readonly<Record<string, string>>;

/** os-release files are tiny; anything bigger is not one (or a device like /dev/zero). */
const MAX_OS_RELEASE_BYTES = 64 * 1024;
const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Characters a backslash escapes inside double quotes (os-release(5) follows shell rules). */
const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`']);

/**
 * Parse the text of an os-release file (os-release(5)): `KEY=value` lines whose value may be
 * single- or double-quoted with shell-style backslash escapes. Comments, blank lines, lines
 * without `=`, invalid keys and values with an unterminated quote are ignored: a partial file
 * still yields what it can, and nothing here throws.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!KEY_PATTERN.test(key)) continue;
    const value = unquote(line.slice(eq + 1).trim());
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** Shell-style unquoting of one value; undefined when a quote is left open. */
function unquote(raw: string): string | undefined {
  let out = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else out += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < raw.length && DOUBLE_QUOTE_ESCAPES.has(raw[i + 1]!)) out += raw[++i];
      else out += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '\\' && i + 1 < raw.length) {
      out += raw[++i];
    } else {
      out += ch;
    }
  }
  return quote === null ? out : undefined;
}

/**
 * Read and parse an os-release file. Undefined when it is missing, unreadable, too big or not
 * text; never throws.
 */
export async function readOsRelease(path: string): Promise<OsRelease | undefined> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(MAX_OS_RELEASE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_OS_RELEASE_BYTES) return undefined;
    const bytes = buffer.subarray(0, bytesRead);
    if (bytes.includes(0)) return undefined;
    return parseOsRelease(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

const FAMILY = ['debian', 'ubuntu'];

/** `ID` is debian/ubuntu, or `ID_LIKE` (a space-separated list) names one of them. */
export function isDebianFamily(release: OsRelease): boolean {
  const id = release.ID?.toLowerCase();
  if (id !== undefined && FAMILY.includes(id)) return true;
  const like = (release.ID_LIKE ?? '').toLowerCase().split(/\s+/);
  return like.some((entry) => FAMILY.includes(entry));
}

/** `PRETTY_NAME`, else `ID VERSION_ID`, else `ID`; undefined without an ID. */
export function displayNameOf(release: OsRelease): string | undefined {
  if (release.PRETTY_NAME) return release.PRETTY_NAME;
  if (!release.ID) return undefined;
  return release.VERSION_ID ? `${release.ID} ${release.VERSION_ID}` : release.ID;
}
