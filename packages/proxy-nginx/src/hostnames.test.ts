import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { NginxErrorCodes } from './errors.js';
import { resolveHostnames } from './hostnames.js';

describe('resolveHostnames', () => {
  it('defaults to <app>.localhost', () => {
    expect(resolveHostnames({ name: 'blog', hostnames: [] })).toEqual(['blog.localhost']);
  });

  it('keeps order, lowercases and drops duplicates', () => {
    expect(resolveHostnames({ name: 'blog', hostnames: ['Blog.Example.com', 'www.example.com', 'blog.example.com', '*.example.org'] })).toEqual([
      'blog.example.com',
      'www.example.com',
      '*.example.org',
    ]);
  });

  it.each(['a b.com', 'x{y}.com', 'a;b', 'quote".com', "it's.com", 'new\nline.com', '', 'a..b'])('rejects %j and lists it', (bad) => {
    try {
      resolveHostnames({ name: 'blog', hostnames: ['ok.example.com', bad] });
    } catch (error) {
      expect(hasErrorCode(error, NginxErrorCodes.invalidHostname)).toBe(true);
      expect((error as Error).message).toContain(JSON.stringify(bad));
      expect((error as Error).message).toContain('"blog"');
      return;
    }
    throw new Error('expected a failure');
  });
});
