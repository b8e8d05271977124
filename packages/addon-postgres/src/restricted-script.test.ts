import { describe, expect, it } from 'vitest';
import { restrictMetaCommands } from './restricted-script.js';

async function run(text: string | Buffer[], key = 'K3y'): Promise<string> {
  const chunks = typeof text === 'string' ? [Buffer.from(text)] : text;
  async function* input() {
    yield* chunks;
  }
  const out: Buffer[] = [];
  for await (const piece of restrictMetaCommands(key)(input())) out.push(piece);
  return Buffer.concat(out).toString();
}

describe('restrictMetaCommands', () => {
  it('puts psql in restricted mode before the first line, and passes the script through', async () => {
    expect(await run('CREATE TABLE t (x int);\n\\! id > /tmp/pwned\n')).toBe('\\restrict K3y\nCREATE TABLE t (x int);\n\\! id > /tmp/pwned\n');
  });

  it('drops the restrict pair pg_dump writes around its script, and only that pair', async () => {
    const dump = '--\n-- PostgreSQL database dump\n--\n\n\\restrict abc123\n\nSET x = 1;\n\\unrestrict other\n\\restrict later\n\\unrestrict abc123\n';
    expect(await run(dump)).toBe('\\restrict K3y\n--\n-- PostgreSQL database dump\n--\n\n\nSET x = 1;\n\\unrestrict other\n\\restrict later\n');
  });

  it('keeps a restrict line that comes after SQL (the file trying to change modes)', async () => {
    expect(await run('SELECT 1;\n\\restrict mine\n\\unrestrict mine\n')).toBe('\\restrict K3y\nSELECT 1;\n\\restrict mine\n\\unrestrict mine\n');
  });

  it('joins lines split across chunks and keeps bytes and a last line without newline as they are', async () => {
    // "é" split between two chunks, and a carriage return inside a string literal.
    const chunks = [Buffer.from('\\restr'), Buffer.from("ict ab\nINSERT INTO t VALUES ('"), Buffer.from([0xc3]), Buffer.from([0xa9, 0x0d]), Buffer.from("');\n\\unrestrict ab")];
    expect(await run(chunks)).toBe("\\restrict K3y\nINSERT INTO t VALUES ('\u00e9\r');\n");
  });

  it('makes a new random key each time by default', async () => {
    const keys = new Set<string>();
    for (let i = 0; i < 3; i++) {
      async function* none() {}
      for await (const piece of restrictMetaCommands()(none())) keys.add(piece.toString());
    }
    expect(keys.size).toBe(3);
    for (const key of keys) expect(key).toMatch(/^\\restrict [0-9a-f]{32}\n$/);
  });
});
