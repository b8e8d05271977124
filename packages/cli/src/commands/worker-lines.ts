import type { WorkerStatus } from '@hop3/core';

/** Text lines for the workers: one per worker, and the last log lines of any that is not up. */
export function workerLines(workers: readonly WorkerStatus[]): string[] {
  const width = Math.max(...workers.map((w) => `${w.kind}.${w.ordinal}`.length));
  const lines: string[] = [];
  for (const worker of workers) {
    const name = `${worker.kind}.${worker.ordinal}`.padEnd(width);
    lines.push(`  ${name}  ${worker.state}${worker.detail ? `: ${worker.detail}` : ''}`);
    if (worker.logTail && worker.logTail.length > 0) {
      lines.push(`    last lines of log/${worker.kind}.${worker.ordinal}.log:`);
      for (const line of worker.logTail) lines.push(`    | ${line}`);
    }
  }
  return lines;
}
