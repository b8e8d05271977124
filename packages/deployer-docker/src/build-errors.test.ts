import { describe, expect, it } from 'vitest';
import { buildErrorLines, missingBaseImage } from './build-errors.js';

describe('build errors', () => {
  it('names the base image a failed pull needed', () => {
    const lines = [
      'Step 1/3 : FROM node:20-slim',
      'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    ];
    expect(missingBaseImage(lines)).toBe('node:20-slim');
    expect(missingBaseImage(['pull access denied for hop3-test/nope, repository does not exist or may require \'docker login\''])).toBe('hop3-test/nope');
    expect(missingBaseImage(['Step 2/3 : RUN exit 7', "The command '/bin/sh -c exit 7' returned a non-zero code: 7"])).toBeNull();
  });

  it('keeps the failing step and what followed, without the deprecation notice', () => {
    const output = [
      'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.',
      '            Install the buildx component to build images with BuildKit:',
      '            https://docs.docker.com/go/buildx/',
      'Step 1/2 : FROM base',
      ' ---> 1234',
      'Step 2/2 : RUN make',
      'make: *** No rule to make target',
      "The command '/bin/sh -c make' returned a non-zero code: 2",
    ];
    expect(buildErrorLines(output)).toEqual(['Step 2/2 : RUN make', 'make: *** No rule to make target', "The command '/bin/sh -c make' returned a non-zero code: 2"]);
  });
});
