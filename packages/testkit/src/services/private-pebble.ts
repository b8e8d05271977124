import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as https from 'node:https';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, waitUntil } from '@hop3/kit';
import { freePorts } from '../helpers/ports.js';

/** A private pebble (Let's Encrypt's test ACME server) and its mock DNS, on loopback. */
export interface PrivatePebble {
  /** The ACME directory URL (https, signed by `caFile`). */
  directoryUrl: string;
  /** The CA of pebble's own HTTPS listener: what HOP3_ACME_CA_FILE must trust. */
  caFile: string;
  /** The root that signs the issued certificates (pebble's /roots/0), PEM. */
  issuingRoot(): Promise<string>;
  /** Make `name` unresolvable (SERVFAIL) for pebble's validation. */
  breakDns(name: string): Promise<void>;
  /** The env a Hop3 host needs to use this pebble. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

function startDaemon(program: string, args: string[], log: string, env: Record<string, string> = {}): { child: ChildProcess; exited: () => boolean } {
  let exited = false;
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', () => {
    exited = true;
    void writeFile(log, output).catch(() => undefined);
  });
  return { child, exited: () => exited };
}

async function stopDaemon(daemon: { child: ChildProcess; exited: () => boolean }): Promise<void> {
  if (daemon.exited()) return;
  daemon.child.kill('SIGTERM');
  await waitUntil(daemon.exited, { description: 'daemon to exit', timeoutMs: 10_000 }).catch(() => daemon.child.kill('SIGKILL'));
}

function request(url: string, options: { ca?: string; method?: string; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const module = target.protocol === 'https:' ? https : http;
    const req = module.request(target, { method: options.method ?? 'GET', agent: false, ...(options.ca ? { ca: options.ca } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${url} timed out`)));
    req.end(options.body);
  });
}

/** A small CA and a certificate for 127.0.0.1/localhost signed by it: pebble's HTTPS listener. */
async function makeListenerCertificate(dir: string): Promise<{ caFile: string; cert: string; key: string }> {
  const caKey = join(dir, 'ca.key');
  const caFile = join(dir, 'ca.pem');
  const key = join(dir, 'listener.key');
  const csr = join(dir, 'listener.csr');
  const cert = join(dir, 'listener.pem');
  const ext = join(dir, 'listener.ext');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await runCommand('openssl', ['req', '-x509', ...ec, '-keyout', caKey, '-out', caFile, '-days', '2', '-subj', '/CN=hop3 test pebble listener CA']);
  await runCommand('openssl', ['req', ...ec, '-keyout', key, '-out', csr, '-subj', '/CN=localhost']);
  await writeFile(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  await runCommand('openssl', ['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]);
  return { caFile, cert, key };
}

/**
 * Start pebble with pebble-challtestsrv as its DNS (every name → 127.0.0.1 unless broken with
 * `breakDns`). pebble validates HTTP-01 challenges on `httpPort` — the test's nginx HTTP port.
 * `validitySeconds` shortens the certificates it issues (to exercise renewal).
 */
export async function startPrivatePebble(options: { httpPort: number; validitySeconds?: number }): Promise<PrivatePebble> {
  const dir = await mkdtemp(join(tmpdir(), 'hop3-pebble-'));
  const [acmePort, managementPort, dnsPort, dnsManagementPort, tlsPort] = (await freePorts(5)) as [number, number, number, number, number];
  const listener = await makeListenerCertificate(dir);
  const config = join(dir, 'pebble.json');
  await writeFile(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: listener.cert,
        privateKey: listener.key,
        httpPort: options.httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
        ...(options.validitySeconds === undefined ? {} : { certificateValidityPeriod: options.validitySeconds }),
      },
    }),
  );
  const dns = startDaemon(
    'pebble-challtestsrv',
    ['-defaultIPv4', '127.0.0.1', '-defaultIPv6', '', '-dns01', `127.0.0.1:${dnsPort}`, '-http01', '', '-https01', '', '-tlsalpn01', '', '-management', `127.0.0.1:${dnsManagementPort}`],
    join(dir, 'challtestsrv.log'),
  );
  const pebble = startDaemon('pebble', ['-config', config, '-dnsserver', `127.0.0.1:${dnsPort}`], join(dir, 'pebble.log'), {
    PEBBLE_VA_NOSLEEP: '1',
    PEBBLE_WFE_NONCEREJECT: '0',
    // Every order proves its names again, as a renewal after weeks would.
    PEBBLE_AUTHZREUSE: '0',
  });
  const ca = await readFile(listener.caFile, 'utf8');
  const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
  const stop = async () => {
    await Promise.all([stopDaemon(pebble), stopDaemon(dns)]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      async () => {
        if (pebble.exited() || dns.exited()) throw new Error(`pebble or pebble-challtestsrv exited at start (logs in ${dir})`);
        const [directory, mock] = await Promise.all([
          request(directoryUrl, { ca }).catch(() => ({ status: 0 })),
          request(`http://127.0.0.1:${dnsManagementPort}/clear-request-history`, { method: 'POST', body: '{"host":"x"}' }).catch(() => ({ status: 0 })),
        ]);
        return directory.status === 200 && mock.status !== 0;
      },
      { description: 'pebble to serve its directory', timeoutMs: 20_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    directoryUrl,
    caFile: listener.caFile,
    issuingRoot: async () => {
      const answer = await request(`https://127.0.0.1:${managementPort}/roots/0`, { ca });
      if (answer.status !== 200) throw new Error(`pebble /roots/0 answered ${answer.status}`);
      return answer.body;
    },
    breakDns: async (name) => {
      const answer = await request(`http://127.0.0.1:${dnsManagementPort}/set-servfail`, { method: 'POST', body: JSON.stringify({ host: name.endsWith('.') ? name : `${name}.` }) });
      if (answer.status !== 200) throw new Error(`pebble-challtestsrv /set-servfail answered ${answer.status}: ${answer.body}`);
    },
    env: { HOP3_ACME_DIRECTORY: directoryUrl, HOP3_ACME_CA_FILE: listener.caFile, HOP3_ACME_EMAIL: 'ops@example.com' },
    stop,
  };
}
