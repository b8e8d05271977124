import type { CommandIO } from './command.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Run `operation` with a signal that Ctrl-C, SIGTERM or SIGHUP (a closed terminal or SSH
 * connection) aborts: the engine then undoes what the operation started and fails with
 * HOP3_INTERRUPTED, instead of Node exiting half-way and leaving processes and files behind.
 * A second signal stops at once (exit 130), undoing nothing more.
 */
export async function interruptible<T>(io: CommandIO, what: string, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    io.stderr(`\n${name}: stopping ${what} and undoing what it started (send it again to stop at once)\n`);
    controller.abort(new Error(`${name} received`));
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  try {
    return await operation(controller.signal);
  } finally {
    for (const name of SIGNALS) process.off(name, onSignal);
  }
}
