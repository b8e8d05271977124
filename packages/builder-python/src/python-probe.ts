import { runCommand } from '@hop3/kit';

export interface PythonInfo {
  /** `3.11.2` */
  version: string;
  /** `sys.executable` as the interpreter reports it. */
  executable: string;
}

const PROBE = 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.executable)';

/** Ask an interpreter for its version; null when it does not run (missing, broken venv). */
export async function probePython(python: string): Promise<PythonInfo | null> {
  try {
    const result = await runCommand(python, ['-c', PROBE], { timeoutMs: 30_000, extendEnv: false, env: { PATH: '/usr/bin:/bin' } });
    const [version, executable] = result.stdout.trim().split('\n');
    if (!version || !/^\d+\.\d+\.\d+$/.test(version)) return null;
    return { version, executable: executable ?? python };
  } catch {
    return null;
  }
}
