import type { Hop3Layout } from '@hop3/core';
import type { AptContext } from './apt/install.js';

/** Everything the strategy's operations need, resolved once from the runtime and options. */
export interface DebianContext extends AptContext {
  layout: Hop3Layout;
  env: Readonly<Record<string, string | undefined>>;
  osReleasePath: string;
  /** Prefix of /etc and /run for the system files (tests); `/` on a server. */
  systemRoot: string;
  /** Whether systemd is PID 1 (measured once). */
  systemd: boolean;
  /** How a systemd timer runs hop3 (`node …/bin.js`). */
  hop3Command: readonly string[];
}
