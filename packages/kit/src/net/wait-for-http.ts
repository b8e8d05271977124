import { waitUntil, type WaitOptions } from '../time/wait-until.js';

export interface WaitForHttpOptions extends WaitOptions {
  /** Which status counts as "up" (default: any status below 500, i.e. the app itself answered). */
  accept?: (status: number) => boolean;
  /** Bound on a single request (default 2000 ms, never past the overall deadline). */
  requestTimeoutMs?: number;
  /** Extra request headers. `Host` cannot be overridden through fetch; request the URL by name instead. */
  headers?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

const defaultAccept = (status: number): boolean => status < 500;

/**
 * Poll `url` with GET until it answers with an accepted status, then return that answer.
 * Redirects are not followed (a 301 is an answer, and following it could leave the machine).
 * Past `timeoutMs` (default 10 s) throws `HOP3_TIMEOUT` with the last status or error seen.
 */
export async function waitForHttp(url: string | URL, options: WaitForHttpOptions = {}): Promise<HttpAnswer> {
  const accept = options.accept ?? defaultAccept;
  const requestTimeoutMs = options.requestTimeoutMs ?? 2_000;
  let answer: HttpAnswer | undefined;
  let lastState: string | undefined;
  await waitUntil(
    async (remaining) => {
      // A ref'd timer, not AbortSignal.timeout (unref'd): while fetch waits on a socket that
      // does not keep the loop alive, a host with nothing else running would exit mid-wait
      // (Node's exit code 13, an unsettled top-level await).
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), Math.ceil(Math.max(50, Math.min(requestTimeoutMs, remaining))));
      try {
        const response = await fetch(url, { redirect: 'manual', headers: options.headers, signal: controller.signal });
        const body = await response.text();
        lastState = `last answer: HTTP ${response.status}`;
        if (!accept(response.status)) return false;
        answer = { status: response.status, body };
        return true;
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        lastState = `last error: ${cause?.code ?? cause?.message ?? (controller.signal.aborted ? `no answer within ${requestTimeoutMs} ms` : (error as Error).message)}`;
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    { ...options, description: `${String(url)} to answer`, lastState: () => lastState },
  );
  return answer as HttpAnswer;
}
