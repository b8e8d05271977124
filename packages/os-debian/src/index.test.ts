import { describe, expect, it } from 'vitest';
import { createLayout, isBrandedPlugin, validatePlugin } from '@hop3/core';
import plugin, { DebianOS, debianDescriptor } from './index.js';
import { DEFAULT_SETUP_GROUPS, PACKAGE_GROUPS, packagesFor } from './package-groups.js';
import { decideServiceUser } from './setup/service-user.js';
import { failure, recordingLogger } from '@hop3/testkit';

describe('the plugin', () => {
  it('declares the debian OS strategy without constructing it', async () => {
    expect(isBrandedPlugin(plugin)).toBe(true);
    expect(validatePlugin(plugin, 'hop3-plugin-os-debian')).toBe(plugin);
    expect(plugin).toMatchObject({ name: 'hop3-plugin-os-debian', apiVersion: 1 });
    const entries = await plugin.hooks.getOSImplementations();
    expect(entries).toEqual([debianDescriptor]);
    expect(debianDescriptor.name).toBe('debian');
    expect(debianDescriptor.description).toMatch(/Debian, Ubuntu/);
  });

  it('creates a DebianOS with the runtime', async () => {
    const os = await debianDescriptor.create({ layout: createLayout('/tmp/x'), env: {}, log: recordingLogger() });
    expect(os).toBeInstanceOf(DebianOS);
    expect(os.name).toBe('debian');
    expect(os.packages).toBe(PACKAGE_GROUPS);
  });
});

describe('packagesFor', () => {
  it('joins groups in order without duplicates', () => {
    expect(packagesFor(['nginx', 'docker', 'nginx'])).toEqual(['nginx', 'openssl', 'docker.io', 'docker-compose', 'busybox-static']);
    expect(packagesFor([])).toEqual([]);
  });

  it('installs the test-only acme-test group (pebble) only when named', () => {
    expect(DEFAULT_SETUP_GROUPS).not.toContain('acme-test');
    expect(packagesFor(['acme-test'])).toEqual(['pebble']);
  });

  it('lists the known groups when one is unknown', async () => {
    const error = await failure(Promise.resolve().then(() => packagesFor(['nginx', 'mysql', 'toString'])));
    expect(error.code).toBe('HOP3_INVALID_INPUT');
    expect(error.message).toBe('Unknown package groups: mysql, toString. Known groups: base, nginx, uwsgi, python, postgres, redis, docker, ssh, acme-test.');
  });
});

describe('decideServiceUser', () => {
  it('manages hop3 when HOP3_ROOT is /home/hop3', () => {
    expect(decideServiceUser(createLayout('/home/hop3'), {})).toMatchObject({
      manage: true,
      spec: { user: 'hop3', home: '/home/hop3', shell: '/bin/bash', group: 'www-data' },
    });
  });

  it('manages HOP3_USER (and HOP3_GROUP) with HOP3_ROOT as home', () => {
    expect(decideServiceUser(createLayout('/srv/hop3'), { HOP3_USER: 'paas', HOP3_GROUP: 'paas' })).toMatchObject({
      manage: true,
      spec: { user: 'paas', home: '/srv/hop3', group: 'paas' },
    });
  });

  it('creates no user for a private root', () => {
    const decision = decideServiceUser(createLayout('/root/.hop3'), {});
    expect(decision.manage).toBe(false);
    expect(decision.reason).toContain('private directory');
  });
});
