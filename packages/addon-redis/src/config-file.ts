import { RedisErrorCodes, redisError } from './errors.js';

export interface RedisConfigInput {
  port: number;
  password: string;
  pidFile: string;
  logFile: string;
  dataDir: string;
  maxmemory?: string | undefined;
}

/**
 * A value for redis.conf, double-quoted the way redis' own parser (sdssplitargs) reads it, so
 * a HOP3_ROOT with spaces works. Control characters are refused: they could start a new
 * directive.
 */
export function quoteConfigValue(value: string): string {
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw redisError({ code: RedisErrorCodes.invalidSetting, message: 'Refusing a redis.conf value with control characters (newline, tab, NUL): they could start a new directive' });
  }
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The whole redis.conf of one private service. Pure: the caller writes it (0600). */
export function renderRedisConfig(input: RedisConfigInput): string {
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) {
    throw redisError({ code: RedisErrorCodes.invalidSetting, message: `Invalid redis port ${input.port}` });
  }
  if (!/^[A-Za-z0-9_-]{32,}$/.test(input.password)) {
    // Generated passwords are base64url; anything else means the state file was tampered with.
    throw redisError({ code: RedisErrorCodes.corruptState, message: 'The stored redis password is malformed (expected at least 32 URL-safe characters)' });
  }
  const lines = [
    '# Written by hop3-plugin-addon-redis. Edits are overwritten on the next create().',
    `port ${input.port}`,
    'bind 127.0.0.1',
    'protected-mode yes',
    'daemonize yes',
    'supervised no',
    `pidfile ${quoteConfigValue(input.pidFile)}`,
    `logfile ${quoteConfigValue(input.logFile)}`,
    'loglevel notice',
    `dir ${quoteConfigValue(input.dataDir)}`,
    'dbfilename dump.rdb',
    'save 3600 1 300 100 60 10000',
    'stop-writes-on-bgsave-error yes',
    'rdbcompression yes',
    'rdbchecksum yes',
    'appendonly no',
    `requirepass ${input.password}`,
  ];
  if (input.maxmemory) lines.push(`maxmemory ${input.maxmemory}`);
  return `${lines.join('\n')}\n`;
}
