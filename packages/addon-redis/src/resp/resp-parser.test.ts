import { describe, expect, it } from 'vitest';
import { RespErrorReply, RespParser, encodeCommand } from './resp-parser.js';

describe('RespParser', () => {
  it('decodes simple strings, errors, integers, bulk strings and nulls', () => {
    const parser = new RespParser();
    const replies = parser.push(Buffer.from('+OK\r\n-WRONGPASS bad\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n'));
    expect(replies.slice(0, 1)).toEqual(['OK']);
    expect(replies[1]).toBeInstanceOf(RespErrorReply);
    expect((replies[1] as RespErrorReply).message).toBe('WRONGPASS bad');
    expect(replies[2]).toBe(42);
    expect((replies[3] as Buffer).toString()).toBe('hello');
    expect(replies.slice(4)).toEqual([null, null]);
  });

  it('keeps binary bulk strings byte for byte, CR LF inside included', () => {
    const value = Buffer.from([0, 13, 10, 255, 36]);
    const parser = new RespParser();
    const [reply] = parser.push(Buffer.concat([Buffer.from(`$${value.length}\r\n`), value, Buffer.from('\r\n')]));
    expect(Buffer.compare(reply as Buffer, value)).toBe(0);
  });

  it('waits for the rest of a reply split across chunks, one byte at a time', () => {
    const wire = Buffer.from('*3\r\n$3\r\nfoo\r\n:7\r\n*1\r\n+nested\r\n+after\r\n');
    const parser = new RespParser();
    const replies = [];
    for (let i = 0; i < wire.length; i++) replies.push(...parser.push(wire.subarray(i, i + 1)));
    expect(replies).toHaveLength(2);
    const [array, after] = replies as [unknown[], string];
    expect((array[0] as Buffer).toString()).toBe('foo');
    expect(array.slice(1)).toEqual([7, ['nested']]);
    expect(after).toBe('after');
  });

  it('rejects a stream that is not RESP', () => {
    expect(() => new RespParser().push(Buffer.from('HTTP/1.1 400\r\n'))).toThrow(/Unexpected RESP type/);
  });
});

describe('encodeCommand', () => {
  it('encodes every argument as a bulk string, binary included', () => {
    expect(encodeCommand(['SET', 'k', 12]).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n12\r\n');
    const encoded = encodeCommand(['GET', Buffer.from([0, 10])]);
    expect(encoded).toEqual(Buffer.concat([Buffer.from('*2\r\n$3\r\nGET\r\n$2\r\n'), Buffer.from([0, 10]), Buffer.from('\r\n')]));
  });
});
