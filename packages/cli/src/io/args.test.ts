import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from './args.js';

describe('parseCommandArgs: positionals', () => {
  it('accepts up to the named positionals', () => {
    expect(parseCommandArgs(['blog'], {}, ['app']).positionals).toEqual(['blog']);
    expect(parseCommandArgs([], {}, ['app']).positionals).toEqual([]);
    expect(parseCommandArgs(['--json'], {}, []).values.json).toBe(true);
  });

  it('refuses one more as a usage error naming the extra argument and what the command takes', () => {
    expect(() => parseCommandArgs(['blog', 'extra'], {}, ['app'])).toThrow(expect.objectContaining({ code: 'HOP3_USAGE', message: 'unexpected argument "extra": this command takes <app>' }));
    expect(() => parseCommandArgs(['d1', 'd2', 'd3'], { app: { type: 'string' } }, ['dir'])).toThrow(/unexpected arguments "d2" "d3"/);
    expect(() => parseCommandArgs(['x'], {}, [])).toThrow(/this command takes no arguments/);
  });

  it('takes any number for a last name ending in …', () => {
    expect(parseCommandArgs(['blog', 'web=2', 'worker=+1'], {}, ['app', 'KIND=N…']).positionals).toHaveLength(3);
  });

  it('still refuses unknown options', () => {
    expect(() => parseCommandArgs(['--frob'], {}, [])).toThrow(expect.objectContaining({ code: 'HOP3_USAGE' }));
  });
});
