import { describe, expect, it } from 'vitest';
import { failure } from '@hop3/testkit';
import { NginxErrorCodes } from '../errors.js';
import { acmeNames } from './names.js';
import { LETS_ENCRYPT_PRODUCTION, LETS_ENCRYPT_STAGING, readAcmeSettings } from './settings.js';

describe('readAcmeSettings', () => {
  it('defaults to Let\'s Encrypt production, daily checks and a 30-day threshold', () => {
    expect(readAcmeSettings({})).toEqual({ enabledByDefault: false, directoryUrl: LETS_ENCRYPT_PRODUCTION, email: null, caFile: null, renewDays: 30, checkIntervalMs: 86_400_000 });
    expect(readAcmeSettings({ HOP3_ACME_DIRECTORY: 'staging' }).directoryUrl).toBe(LETS_ENCRYPT_STAGING);
    expect(readAcmeSettings({ HOP3_ACME_DIRECTORY: 'https://acme.example.com/dir', HOP3_ACME_EMAIL: 'ops@example.com', HOP3_ACME_CHECK_INTERVAL: '60' })).toMatchObject({
      directoryUrl: 'https://acme.example.com/dir',
      email: 'ops@example.com',
      checkIntervalMs: 60_000,
    });
  });

  it('turns ACME on server-wide only with HOP3_ACME=on', () => {
    expect(readAcmeSettings({ HOP3_ACME: 'on' }).enabledByDefault).toBe(true);
    expect(readAcmeSettings({ HOP3_ACME: 'off' }).enabledByDefault).toBe(false);
  });

  it('refuses bad values with the setting named and what is expected', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ HOP3_ACME_DIRECTORY: 'http://acme.example.com/dir' }, /HOP3_ACME_DIRECTORY is not valid: an ACME directory is served over https/],
      [{ HOP3_ACME_DIRECTORY: 'letsencrypt' }, /HOP3_ACME_DIRECTORY is not valid: use "production", "staging"/],
      [{ HOP3_ACME_EMAIL: 'not an email' }, /HOP3_ACME_EMAIL is not valid/],
      [{ HOP3_ACME_CA_FILE: '/nonexistent/ca.pem' }, /HOP3_ACME_CA_FILE is not valid: \/nonexistent\/ca.pem cannot be read/],
      [{ HOP3_ACME_RENEW_DAYS: '0' }, /HOP3_ACME_RENEW_DAYS is not valid/],
      [{ HOP3_ACME_CHECK_INTERVAL: '1h' }, /HOP3_ACME_CHECK_INTERVAL is not valid: use a number of seconds/],
      [{ HOP3_ACME: 'yes' }, /HOP3_ACME is not valid: use "on"/],
    ];
    for (const [env, message] of cases) {
      const error = await failure(async () => readAcmeSettings(env));
      expect(error.code).toBe(NginxErrorCodes.invalidSetting);
      expect(error.message).toMatch(message);
    }
  });
});

describe('acmeNames', () => {
  it('covers every public hostname and leaves *.localhost names to the self-signed certificate', () => {
    expect(acmeNames('shop', ['shop.example.com', 'www.shop.example.com', 'shop.localhost'])).toEqual({ names: ['shop.example.com', 'www.shop.example.com'], local: ['shop.localhost'] });
  });

  it('refuses wildcards, bare names, IPs and apps without a public name', async () => {
    for (const [hostnames, message] of [
      [['shop.localhost'], /has no public hostname/],
      [['*.example.com'], /wildcards need DNS-01/],
      [['intranet'], /not a fully qualified domain name/],
      [['10.0.0.1'], /not a fully qualified domain name/],
    ] as const) {
      const error = await failure(async () => acmeNames('shop', hostnames));
      expect(error.code).toBe(NginxErrorCodes.acmeNameNotAllowed);
      expect(error.message).toMatch(message);
    }
  });
});
