import { describe, expect, it } from 'vitest';
import { logicalLines, parseRequirementRefs } from './requirements-refs.js';

describe('parseRequirementRefs', () => {
  it('finds includes, constraints, find-links and local archives', () => {
    const refs = parseRequirementRefs(
      [
        '# comment',
        '-r base.txt',
        '--requirement=more.txt',
        '-cconstraints.txt',
        '--no-index',
        '--find-links ./wheels',
        '-f https://example.com/simple',
        'flask==3.0  # inline comment',
        './vendor/lib-1.0-py3-none-any.whl',
        '-e .',
        'pkg @ file:///opt/pkgs/pkg.tar.gz',
      ].join('\n'),
    );
    expect(refs.includes).toEqual(['base.txt', 'more.txt', 'constraints.txt']);
    expect(refs.findLinks).toEqual(['./wheels']);
    expect(refs.localPaths).toEqual(['./vendor/lib-1.0-py3-none-any.whl', '.', '/opt/pkgs/pkg.tar.gz']);
  });

  it('joins continuation lines and ignores package names', () => {
    expect(logicalLines('a \\\n  b\n\n# x\nc')).toEqual(['a    b', 'c']);
    expect(parseRequirementRefs('requests>=2\nnumpy')).toEqual({ includes: [], findLinks: [], localPaths: [] });
  });
});
