/** A decoded RESP2 reply. Errors are values here; the client turns them into rejections. */
export type RespValue = string | number | Buffer | null | RespErrorReply | RespValue[];

export class RespErrorReply {
  constructor(readonly message: string) {}
}

/** Not enough bytes yet for a whole reply. */
const INCOMPLETE = Symbol('incomplete');
type Parsed = { value: RespValue; end: number } | typeof INCOMPLETE;

const CRLF = Buffer.from('\r\n');

function parseAt(buffer: Buffer, start: number): Parsed {
  const lineEnd = buffer.indexOf(CRLF, start);
  if (lineEnd === -1) return INCOMPLETE;
  const type = String.fromCharCode(buffer[start] ?? 0);
  const line = buffer.toString('utf8', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RespErrorReply(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return INCOMPLETE;
      return { value: buffer.subarray(next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let offset = next;
      for (let i = 0; i < count; i++) {
        const item = parseAt(buffer, offset);
        if (item === INCOMPLETE) return INCOMPLETE;
        items.push(item.value);
        offset = item.end;
      }
      return { value: items, end: offset };
    }
    default:
      throw new Error(`Unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

/**
 * Incremental RESP2 decoder: feed socket chunks, get whole replies out in order. Bulk strings
 * stay Buffers (values may be binary); callers decode what they know is text.
 */
export class RespParser {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): RespValue[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const replies: RespValue[] = [];
    let offset = 0;
    for (;;) {
      if (offset >= this.pending.length) break;
      const parsed = parseAt(this.pending, offset);
      if (parsed === INCOMPLETE) break;
      replies.push(parsed.value);
      offset = parsed.end;
    }
    this.pending = this.pending.subarray(offset);
    return replies;
  }
}

/** Encode a command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly (string | Buffer | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}
