import { debianError, DebianErrorCodes } from './errors.js';

export type RootCheck = () => boolean;

export const processIsRoot: RootCheck = () => process.getuid?.() === 0;

/** Fail early, before running a program that would fail with a less helpful message. */
export function requireRoot(isRoot: RootCheck, action: string): void {
  if (isRoot()) return;
  throw debianError({
    code: DebianErrorCodes.notRoot,
    message: `Cannot ${action}: this needs root privileges. Run as root or with sudo (e.g. \`sudo hop3 setup\`).`,
    details: { action },
  });
}
