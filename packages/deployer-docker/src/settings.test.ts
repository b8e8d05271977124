import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLayout, emptyAppConfig, type DeploymentContext, type StrategyRuntime } from '@hop3/core';
import { keepImagesOf, modeOf } from './settings.js';

function contextWith(files: Record<string, string>, docker: DeploymentContext['appConfig']['docker'] = {}): DeploymentContext {
  const dir = mkdtempSync(join(tmpdir(), 'hop3-docker-mode-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { appName: 'shop', sourcePath: dir, appConfig: { ...emptyAppConfig(), docker } };
}

const runtime = (env: Record<string, string> = {}): StrategyRuntime => ({ layout: createLayout(tmpdir()), env, log: { info() {}, warn() {}, debug() {} } });

describe('modeOf', () => {
  it('compose when a compose file is there, containers otherwise; [docker] mode wins', () => {
    expect(modeOf(contextWith({ Dockerfile: 'FROM x' }), runtime())).toBe('containers');
    expect(modeOf(contextWith({ 'compose.yaml': 'services: {}' }), runtime())).toBe('compose');
    expect(modeOf(contextWith({ 'compose.yaml': '', Dockerfile: '' }, { mode: 'containers' }), runtime())).toBe('containers');
  });

  it('swarm from [docker] mode or the server setting (with a compose file); refuses a mode without its compose file', () => {
    expect(modeOf(contextWith({ 'compose.yaml': '' }, { mode: 'swarm' }), runtime())).toBe('swarm');
    expect(modeOf(contextWith({ 'compose.yaml': '' }), runtime({ HOP3_DOCKER_MODE: 'swarm' }))).toBe('swarm');
    expect(modeOf(contextWith({ Dockerfile: '' }), runtime({ HOP3_DOCKER_MODE: 'swarm' }))).toBe('containers');
    expect(() => modeOf(contextWith({ Dockerfile: '' }, { mode: 'compose' }), runtime())).toThrow(/needs a compose file/);
    expect(() => modeOf(contextWith({ Dockerfile: '' }, { mode: 'swarm' }), runtime())).toThrow(/needs a compose file/);
    expect(() => modeOf(contextWith({}), runtime({ HOP3_DOCKER_MODE: 'kubernetes' }))).toThrow(/HOP3_DOCKER_MODE must be/);
  });
});

describe('keepImagesOf', () => {
  it('[docker] keep-images, else HOP3_KEEP_RELEASES (what rollback can reach), else 5', () => {
    expect(keepImagesOf(contextWith({}), runtime())).toBe(5);
    expect(keepImagesOf(contextWith({}), runtime({ HOP3_KEEP_RELEASES: '8' }))).toBe(8);
    expect(keepImagesOf(contextWith({}, { keepImages: 2 }), runtime({ HOP3_KEEP_RELEASES: '8' }))).toBe(2);
  });
});
