import type { BuildArtifact } from '@hop3/core';

/** Kinds that make an app's web process (or its whole site): with one declared, a builder's default web command is not used. */
const SITE_KINDS = ['web', 'wsgi', 'jwsgi', 'rwsgi', 'static'];

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * The app's workers: what its Procfile and hop3.toml declare, plus the builder's default web
 * command (`metadata.defaultWorkers`, e.g. the node builder's package.json `start` script) when
 * the app declares no web process of its own.
 */
export function workersOf(declared: Record<string, string>, artifact: BuildArtifact): Record<string, string> {
  const defaults = stringRecord(artifact.metadata?.defaultWorkers);
  if (Object.keys(defaults).length === 0 || Object.keys(declared).some((kind) => SITE_KINDS.includes(kind))) return declared;
  return { ...defaults, ...declared };
}

/** The builder's defaults for the app's runtime env (`metadata.env`, e.g. NODE_ENV=production), under the app's own env. */
export function appEnvOf(appEnv: Record<string, string>, artifact: BuildArtifact): Record<string, string> {
  return { ...stringRecord(artifact.metadata?.env), ...appEnv };
}
