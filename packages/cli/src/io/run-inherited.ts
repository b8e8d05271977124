/**
 * Run a program on this process's own stdin/stdout/stderr (git's pack protocol goes through
 * them) and return its exit code. argv only: never a shell.
 */
export async function runInherited(command: string, args: readonly string[], env?: Readonly<Record<string, string | undefined>>): Promise<number> {
  const { spawn } = await import('node:child_process'); // on first use: most commands run no program here
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: 'inherit', ...(env === undefined ? {} : { env: env as NodeJS.ProcessEnv }) });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
