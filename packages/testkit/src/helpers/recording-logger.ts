import type { Logger } from '@hop3/core';

/** A Logger that keeps every line (`info: …`, `warn: …`, `debug: …`, `progress: …`) for assertions. */
export interface RecordingLogger extends Logger {
  readonly lines: string[];
  /** Every line joined with newlines (to look for a secret in one call). */
  text(): string;
  progress(line: string): void;
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return {
    lines,
    text: () => lines.join('\n'),
    info: (message) => void lines.push(`info: ${message}`),
    warn: (message) => void lines.push(`warn: ${message}`),
    debug: (message) => void lines.push(`debug: ${message}`),
    progress: (line) => void lines.push(`progress: ${line}`),
  };
}
