import { describe, expect, it } from 'vitest';
import { eventLine } from './event-line.js';

describe('eventLine', () => {
  it('shows each step of a deploy as one arrow line, and build output indented as it comes', () => {
    expect(eventLine({ type: 'build:start', app: 'blog', builder: 'python' })).toBe('→ Building with "python"\n');
    expect(eventLine({ type: 'build:output', app: 'blog', line: 'Collecting flask' })).toBe('  Collecting flask\n');
    expect(eventLine({ type: 'addon:provision', app: 'blog', addon: 'postgres', service: 'blog-postgres' })).toBe('→ Provisioning postgres service "blog-postgres"\n');
  });

  it('says nothing for events the final output already reports', () => {
    expect(eventLine({ type: 'deploy:done', app: 'blog', release: 2, url: 'http://blog.localhost:8080/' })).toBeNull();
    expect(eventLine({ type: 'commit', app: 'blog', deployer: 'uwsgi' })).toBeNull();
  });
});
