import { mkdir, rm, symlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@hop3/kit';
import type { DebianContext } from '../../context.js';
import { debianError, DebianErrorCodes } from '../../errors.js';
import type { RanCommand } from '../../run.js';
import type { PlannedFile, SystemFilePlan, SystemFilesWork, SystemServicePlan } from './plan-system-files.js';

export interface SystemFilesReport {
  applies: boolean;
  files: SystemFilePlan[];
  services: SystemServicePlan[];
  /** Whether anything was written, removed, reloaded or started. */
  changed: boolean;
  commands: RanCommand[];
}

async function put(file: PlannedFile, content: string | null, linkTarget?: string): Promise<void> {
  if (linkTarget !== undefined) {
    await rm(file.path, { force: true });
    await symlink(linkTarget, file.path);
  } else if (content === null) {
    await rm(file.path, { force: true });
  } else {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFileAtomic(file.path, content, { mode: 0o644 });
  }
}

/** Put every changed file back as it was (a removed link is linked again). */
async function rollBack(changed: PlannedFile[]): Promise<void> {
  for (const file of [...changed].reverse()) {
    if (file.linkTarget !== undefined) await put(file, null, file.linkTarget);
    else await put(file, file.previous);
  }
}

function diagnostics(output: string): string[] {
  const lines = output.split('\n').map((line) => line.trim()).filter((line) => /\[(emerg|alert|crit|error)\]/.test(line));
  return lines.length > 0 ? lines : output.split('\n').filter((line) => line.trim() !== '');
}

/**
 * Write the planned system files, then, when nginx's configuration changed, check it with
 * `nginx -t` — a refusal puts every file back as it was and throws with nginx's words — and
 * reload a running nginx gracefully. Where systemd is PID 1 the units are enabled and started.
 * Idempotent: unchanged files are not touched and nothing is reloaded.
 */
export async function applySystemFiles(context: DebianContext, work: SystemFilesWork): Promise<SystemFilesReport> {
  const { plan, files, settings } = work;
  const commands: RanCommand[] = [];
  const run = async (command: string, args: string[]) => {
    commands.push({ command, args });
    return context.run(command, args, { allowFailure: true, timeoutMs: 60_000 });
  };
  const report = (changed: boolean): SystemFilesReport => ({ applies: plan.applies, files: plan.files, services: plan.services, changed, commands });
  if (!plan.applies || settings === null) return report(false);

  const changed = files.filter((file) => file.action !== 'unchanged');
  try {
    for (const file of changed) await put(file, file.content);
  } catch (error) {
    await rollBack(changed).catch(() => undefined);
    throw debianError({ code: DebianErrorCodes.setupFailed, message: `Could not write the system files: ${(error as Error).message}. Run as root.`, cause: error });
  }

  if (changed.some((file) => file.nginx)) {
    const test = await run(settings.nginxBin, ['-t', '-q']).catch((error: Error) => ({ exitCode: -1, stdout: '', stderr: error.message }));
    if (test.exitCode === -1) {
      await rollBack(changed);
      throw debianError({
        code: DebianErrorCodes.setupFailed,
        message: `Could not run ${settings.nginxBin} to check the configuration (${test.stderr.trim()}): install nginx (hop3 setup --only nginx,…) or set HOP3_NGINX_BIN. Nothing was changed.`,
      });
    }
    if (test.exitCode !== 0) {
      await rollBack(changed);
      const messages = diagnostics(`${test.stderr}\n${test.stdout}`);
      throw debianError({
        code: DebianErrorCodes.setupFailed,
        message: `nginx -t refused the configuration with hop3's system files, so they were removed again and nothing changed:\n${messages.map((l) => `  ${l}`).join('\n')}\n` +
          'Another site may also claim default_server on the same port, or the port may be set twice: fix the file nginx names, then run hop3 setup again.',
        details: { messages },
      });
    }
  }
  for (const service of plan.services) {
    if (service.name === 'nginx' && service.action === 'reload') {
      const [command, args] = plan.systemd ? ['systemctl', ['reload', 'nginx']] : [settings.nginxBin, ['-s', 'reload']];
      const result = await run(command, args);
      if (result.exitCode !== 0) context.log.warn(`nginx was not reloaded (${command} ${args.join(' ')} exited ${result.exitCode}); reload it by hand to serve the new configuration`);
    }
  }
  if (plan.systemd) {
    if (changed.some((file) => !file.nginx)) await run('systemctl', ['daemon-reload']);
    for (const service of plan.services.filter((s) => s.action === 'enable-and-start')) {
      const result = await run('systemctl', ['enable', '--now', service.name]);
      if (result.exitCode !== 0) {
        throw debianError({ code: DebianErrorCodes.setupFailed, message: `systemctl enable --now ${service.name} failed (exit ${result.exitCode}): ${result.stderr.trim()}. See "journalctl -u ${service.name}".`, details: { unit: service.name } });
      }
    }
  }
  const acted = changed.length > 0 || plan.services.some((s) => s.action === 'reload' || s.action === 'enable-and-start');
  return report(acted);
}
