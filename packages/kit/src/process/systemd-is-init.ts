import { existsSync } from 'node:fs';

/**
 * Whether systemd is the init system (PID 1): it creates /run/systemd/system at boot (the test
 * `sd_booted()` uses). Containers and these build machines run without it, so services are then
 * started by hop3 itself instead of through unit files.
 */
export function systemdIsInit(marker = '/run/systemd/system'): boolean {
  return existsSync(marker);
}
