import { randomBytes } from 'node:crypto';

const OWN_RESTRICT = /^\\restrict ([A-Za-z0-9]+)\r?$/;

/**
 * A SQL script for psql in which no psql meta-command can run: `\!` (a shell, as hop3's user),
 * `\copy` and `\o` (the client's files), `\i`, `\connect`… A restored file is not trusted,
 * so the script starts with `\restrict <random key>` (psql ≥ 13.22/14.19/15.14/16.10/17.6):
 * every later meta-command fails with ON_ERROR_STOP, and the file cannot know the key to
 * leave that mode. The `\restrict KEY` … `\unrestrict KEY` pair that pg_dump and pg_restore
 * themselves write (same versions) is dropped, as psql refuses a second `\restrict`.
 *
 * Works on bytes, line by line: only lines that start with a backslash are looked at, so
 * COPY data and text in any encoding pass through unchanged.
 */
export function restrictMetaCommands(key = randomBytes(16).toString('hex')): (input: AsyncIterable<Buffer>) => AsyncGenerator<Buffer> {
  return async function* restricted(input) {
    yield Buffer.from(`\\restrict ${key}\n`);
    let ownKey: string | null = null;
    let sqlSeen = false;
    let pending: Buffer = Buffer.alloc(0);
    const pass = (line: Buffer): Buffer | null => {
      if (line[0] === 0x5c) {
        const text = line.toString('latin1').replace(/\n$/, '');
        const own = OWN_RESTRICT.exec(text);
        // Only a pair that opens the script: a later `\restrict` is the file's own attempt.
        if (own !== null && !sqlSeen && ownKey === null) {
          ownKey = own[1]!;
          return null;
        }
        if (ownKey !== null && text.replace(/\r$/, '') === `\\unrestrict ${ownKey}`) return null;
      }
      if (!sqlSeen && !isBlankOrComment(line)) sqlSeen = true;
      return line;
    };
    for await (const chunk of input) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let start = 0;
      for (let end = pending.indexOf(0x0a, start); end !== -1; end = pending.indexOf(0x0a, start)) {
        const line = pass(pending.subarray(start, end + 1));
        if (line !== null) yield line;
        start = end + 1;
      }
      pending = pending.subarray(start);
    }
    if (pending.length > 0) {
      const line = pass(pending);
      if (line !== null) yield line;
    }
  };
}

function isBlankOrComment(line: Buffer): boolean {
  const text = line.toString('latin1').trim();
  return text === '' || text.startsWith('--');
}
