import { describe, expect, it } from 'vitest';
import { lazySchema } from './lazy-schema.js';
import * as z from './zod.js';

describe('lazySchema', () => {
  it('builds the schema only when first used, and only once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds += 1;
      return z.object({ name: z.string() });
    });
    expect(builds).toBe(0);
    expect(schema.parse({ name: 'blog' })).toEqual({ name: 'blog' });
    expect(schema.safeParse({ name: 1 }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('works wherever the schema itself would: in a shape, under z.extend and z.optional', () => {
    const inner = lazySchema(() => z.object({ port: z.int().check(z.minimum(1)) }));
    const outer = z.object({ backend: z.optional(inner) });
    expect(outer.parse({ backend: { port: 80 } })).toEqual({ backend: { port: 80 } });
    expect(outer.safeParse({ backend: { port: 0 } }).success).toBe(false);
    const extended = z.extend(inner, { host: z.string() });
    expect(extended.parse({ port: 1, host: 'a' })).toEqual({ port: 1, host: 'a' });
    expect(() => extended.parse({ port: 1 })).toThrow();
  });

  it('keeps defaults and the error messages of the schema', () => {
    const schema = lazySchema(() => z.object({ tags: z._default(z.array(z.string()), []) }));
    expect(schema.parse({})).toEqual({ tags: [] });
    const result = schema.safeParse({ tags: 'x' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['tags']);
  });
});
