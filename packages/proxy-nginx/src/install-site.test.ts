import { describe, expect, it } from 'vitest';
import { onlyUpstreamPortsDiffer } from './install-site.js';

const site = (...ports: number[]) => `upstream hop3_app_blog {\n${ports.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n')}\n    keepalive 16;\n}\nserver {\n    listen 127.0.0.1:8080;\n    server_name blog.localhost;\n}\n`;

describe('onlyUpstreamPortsDiffer', () => {
  it('is true when only the loopback upstream ports changed (a redeploy)', () => {
    expect(onlyUpstreamPortsDiffer(site(40001), site(40002))).toBe(true);
    expect(onlyUpstreamPortsDiffer(site(40001, 40002), site(40003, 40004))).toBe(true);
  });

  it('is false for the same file, another number of servers, any other change, or a port nginx refuses', () => {
    expect(onlyUpstreamPortsDiffer(site(40001), site(40001))).toBe(false);
    expect(onlyUpstreamPortsDiffer(site(40001), site(40001, 40002))).toBe(false);
    expect(onlyUpstreamPortsDiffer(site(40001), site(40002).replace('blog.localhost', 'blog.test'))).toBe(false);
    expect(onlyUpstreamPortsDiffer(site(40001), site(40001).replace('listen 127.0.0.1:8080', 'listen 127.0.0.1:8081'))).toBe(false);
    expect(onlyUpstreamPortsDiffer(site(40001), site(0))).toBe(false);
    expect(onlyUpstreamPortsDiffer(site(40001), site(99999))).toBe(false);
  });
});
