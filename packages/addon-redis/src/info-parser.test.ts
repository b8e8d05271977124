import { describe, expect, it } from 'vitest';
import { infoNumber, keyspaceTotals, parseInfo } from './info-parser.js';

const sample = ['# Server', 'redis_version:7.0.15', 'process_id:42', '', '# Persistence', 'loading:0', 'rdb_last_bgsave_status:ok', '# Keyspace', 'db0:keys=3,expires=1,avg_ttl=100', 'db2:keys=4,expires=0,avg_ttl=0'].join('\r\n');

describe('parseInfo', () => {
  it('reads key:value lines and skips headers', () => {
    const info = parseInfo(sample);
    expect(info.redis_version).toBe('7.0.15');
    expect(info.rdb_last_bgsave_status).toBe('ok');
    expect(info['# Server']).toBeUndefined();
    expect(infoNumber(info, 'process_id')).toBe(42);
    expect(infoNumber(info, 'loading')).toBe(0);
    expect(infoNumber(info, 'redis_version')).toBeUndefined();
    expect(infoNumber(info, 'missing')).toBeUndefined();
  });

  it('sums keys and expires over every database', () => {
    expect(keyspaceTotals(parseInfo(sample))).toEqual({ keys: 7, expires: 1 });
    expect(keyspaceTotals(parseInfo('# Keyspace\r\n'))).toEqual({ keys: 0, expires: 0 });
  });
});
