import { describe, expect, it } from 'vitest';
import { diagnosticLines } from './nginx-command.js';

describe('diagnosticLines', () => {
  it('keeps nginx diagnostics without timestamps and pids', () => {
    const output = [
      '2026/11/24 20:13:35 [emerg] 11301#11301: "client_max_body_size" directive invalid value in /x/sites/b.conf:40',
      'nginx: [warn] conflicting server name "a.localhost" on 127.0.0.1:8080, ignored',
      'nginx: configuration file /x/nginx.conf test failed',
    ].join('\n');
    expect(diagnosticLines(output)).toEqual([
      '[emerg] "client_max_body_size" directive invalid value in /x/sites/b.conf:40',
      '[warn] conflicting server name "a.localhost" on 127.0.0.1:8080, ignored',
    ]);
  });
});
