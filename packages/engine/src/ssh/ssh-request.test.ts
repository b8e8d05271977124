import { describe, expect, it } from 'vitest';
import { parseSshRequest, splitWords } from './ssh-request.js';

const ALLOWED = new Set(['apps', 'logs', 'config', 'deploy']);

describe('parseSshRequest', () => {
  it('takes git pack requests and hop3 commands (with or without a leading "hop3")', () => {
    expect(parseSshRequest("git-receive-pack '/blog'", ALLOWED)).toEqual({ kind: 'receive-pack', repo: '/blog' });
    expect(parseSshRequest("git-upload-pack 'blog.git'", ALLOWED)).toEqual({ kind: 'upload-pack', repo: 'blog.git' });
    expect(parseSshRequest('logs blog --lines 5', ALLOWED)).toEqual({ kind: 'hop3', argv: ['logs', 'blog', '--lines', '5'] });
    expect(parseSshRequest('hop3 config set blog "A=b c"', ALLOWED)).toEqual({ kind: 'hop3', argv: ['config', 'set', 'blog', 'A=b c'] });
  });

  it('refuses a shell, other programs, shell syntax and an empty request', () => {
    for (const request of ['bash', 'sh -c id', 'scp -t /tmp', 'internal-sftp', 'apps; id', 'apps $(id)', 'apps | cat', undefined, '  ']) {
      expect(() => parseSshRequest(request, ALLOWED), String(request)).toThrow(expect.objectContaining({ code: 'HOP3_SSH_REFUSED', badInput: true }));
    }
  });

  it('splits words like a shell for quotes only', () => {
    expect(splitWords(`a 'b c' "d'e" f`)).toEqual(['a', 'b c', "d'e", 'f']);
    expect(() => splitWords("a 'b")).toThrow(/Unbalanced/);
  });
});
