import type { SetupPlan } from '@hop3/core';

interface KnownPlan {
  user?: { action?: string; name?: string; reason?: string };
  packages?: { missing?: string[]; present?: string[] };
  dirs?: { path: string; exists?: boolean; ok?: boolean }[];
  system?: {
    applies?: boolean;
    reason?: string;
    files?: { path: string; action: string; purpose?: string }[];
    services?: { name: string; action: string; note?: string }[];
  };
}

/** A plan as a few readable lines; the full plan is in `--json`. */
export function describePlan(plan: SetupPlan): string {
  const known = plan as KnownPlan;
  const lines: string[] = [];
  if (known.user) lines.push(`user:     ${known.user.action ?? '?'}${known.user.name ? ` ${known.user.name}` : ''}${known.user.reason ? ` — ${known.user.reason}` : ''}`);
  if (known.packages) {
    const missing = known.packages.missing ?? [];
    lines.push(`packages: ${missing.length > 0 ? `install ${missing.join(' ')}` : 'nothing to install'} (${(known.packages.present ?? []).length} present)`);
  }
  if (known.dirs) {
    const todo = known.dirs.filter((dir) => !dir.ok).map((dir) => dir.path);
    lines.push(`dirs:     ${todo.length > 0 ? `create or fix ${todo.join(', ')}` : 'all in place'}`);
  }
  if (known.system) {
    if (known.system.applies === false) lines.push(`system:   nothing to write (${known.system.reason ?? 'not system mode'})`);
    else {
      lines.push(`system:   ${known.system.reason ?? 'system mode'}`);
      for (const file of known.system.files ?? []) lines.push(`  file    ${file.action.padEnd(9)} ${file.path}${file.purpose ? ` — ${file.purpose}` : ''}`);
      for (const service of known.system.services ?? []) lines.push(`  service ${service.action.padEnd(9)} ${service.name}${service.note ? ` — ${service.note}` : ''}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : `${JSON.stringify(plan, null, 2)}\n`;
}
