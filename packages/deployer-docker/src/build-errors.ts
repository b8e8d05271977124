import { withoutNoise } from './docker-cli.js';

/** docker's words when a base image is neither local nor reachable in its registry. */
const UNREACHABLE_BASE = /pull access denied|no such host|registry-1\.docker\.io|manifest unknown|not found: manifest|repository does not exist|dial tcp|i\/o timeout|TLS handshake timeout/i;

/** The base image named in a failed pull (`FROM node:20-slim`), if docker's output says which. */
export function missingBaseImage(lines: readonly string[]): string | null {
  if (!lines.some((line) => UNREACHABLE_BASE.test(line))) return null;
  for (const line of lines) {
    const pulling = line.match(/(?:pull access denied for|Unable to find image|manifest for) '?([^\s',]+)'?/i) ?? line.match(/^Step \d+\/\d+ : FROM (\S+)/i);
    if (pulling?.[1] !== undefined) return pulling[1].replace(/,$/, '');
  }
  return 'a base image';
}

/**
 * The lines of a failed `docker build` worth showing: the failing step and what followed it
 * (the command's own error), without the legacy builder's deprecation notice.
 */
export function buildErrorLines(output: readonly string[], max = 25): string[] {
  const lines = withoutNoise(output).filter((line) => line.trim() !== '');
  let lastStep = -1;
  lines.forEach((line, index) => {
    if (/^Step \d+\/\d+ :|^#\d+ \[/.test(line)) lastStep = index;
  });
  const from = lastStep >= 0 && lines.length - lastStep <= max ? lastStep : Math.max(0, lines.length - max);
  return lines.slice(from);
}
