import { describe, expect, it } from 'vitest';
import { deployBranches, deployedUpdate, parseRefUpdates } from './push-updates.js';
import { appOfRepoPath } from './app-repo.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);

describe('deployedUpdate', () => {
  const branches = deployBranches({});

  it('deploys main or master, force pushes included', () => {
    expect(deployedUpdate(parseRefUpdates(`${A} ${B} refs/heads/main\n`), branches, 'blog')).toEqual({ oldSha: A, newSha: B, ref: 'refs/heads/main' });
    expect(deployedUpdate(parseRefUpdates(`${ZERO} ${B} refs/heads/master`), branches, 'blog').newSha).toBe(B);
    expect(deployBranches({ HOP3_DEPLOY_BRANCH: 'production' })).toEqual(['production']);
  });

  it('refuses other branches, tags, deleting the deploy branch and two deploy branches', () => {
    for (const lines of [`${A} ${B} refs/heads/feature`, `${ZERO} ${B} refs/tags/v1`, `${A} ${ZERO} refs/heads/main`, `${A} ${B} refs/heads/main\n${A} ${B} refs/heads/master`, `${A} ${B} refs/heads/main\n${A} ${B} refs/heads/dev`]) {
      expect(() => deployedUpdate(parseRefUpdates(lines), branches, 'blog'), lines).toThrow(expect.objectContaining({ code: 'HOP3_PUSH_REFUSED', badInput: true }));
    }
    expect(() => deployedUpdate(parseRefUpdates(`${A} ${B} refs/heads/feature`), branches, 'blog')).toThrow('git push <remote> feature:main');
  });
});

describe('appOfRepoPath', () => {
  it('names an app by its repository (over SSH: the name only)', () => {
    expect(appOfRepoPath('/blog')).toBe('blog');
    expect(appOfRepoPath('blog.git/')).toBe('blog');
    expect(appOfRepoPath('/srv/hop3/repos/blog.git', { anyDir: true })).toBe('blog');
  });

  it('refuses other paths', () => {
    for (const path of ['/etc/passwd', '../../etc', '/Blog', 'a/../b', '']) {
      expect(() => appOfRepoPath(path), path).toThrow(expect.objectContaining({ code: 'HOP3_REPO_REFUSED' }));
    }
  });
});
