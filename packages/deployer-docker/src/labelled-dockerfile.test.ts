import { describe, expect, it } from 'vitest';
import { labelledDockerfileText } from './labelled-dockerfile.js';

describe('labelledDockerfileText', () => {
  it('appends every label as one LABEL instruction after the last line', () => {
    expect(labelledDockerfileText('FROM scratch\nCMD ["x"]', { 'hop3.app': 'a', 'hop3.release': '3' })).toBe('FROM scratch\nCMD ["x"]\nLABEL "hop3.app"="a" "hop3.release"="3"\n');
    expect(labelledDockerfileText('FROM scratch\n', { 'hop3.app': 'a' })).toBe('FROM scratch\nLABEL "hop3.app"="a"\n');
  });
});
