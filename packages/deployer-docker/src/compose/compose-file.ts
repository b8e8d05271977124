import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DockerErrorCodes, dockerError } from '../errors.js';
import { LABELS } from '../names.js';
import { loadYaml } from '../yaml.js';

type Service = Record<string, unknown>;

/** A user's compose file, checked: its services, the web service and the web port inside its container. */
export interface ComposeApp {
  file: string;
  document: Record<string, unknown>;
  services: Record<string, Service>;
  webService: string;
  webPort: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function invalid(file: string, message: string, details: Record<string, unknown> = {}): Error {
  return dockerError({ code: DockerErrorCodes.invalidCompose, message: `${basename(file)}: ${message}`, details: { file, ...details } });
}

/** One `ports:` entry as { hostIp, published, target }, short or long syntax. */
export function parsePort(entry: unknown): { hostIp: string | null; published: string | null; target: number } | null {
  if (typeof entry === 'number') return { hostIp: null, published: null, target: entry };
  if (typeof entry === 'string') {
    const spec = entry.split('/')[0]!;
    // [HOST_IP:][PUBLISHED:]TARGET, HOST_IP possibly [v6]
    const match = spec.match(/^(?:(\[[^\]]+\]|[^:]+):)??(?:([^:]*):)?([0-9]+(?:-[0-9]+)?)$/);
    if (match === null) return null;
    const target = Number(match[3]!.split('-')[0]);
    let hostIp = match[1] ?? null;
    let published = match[2] ?? null;
    if (hostIp !== null && published === null && !/[.:[]/.test(hostIp) && hostIp !== 'localhost') {
      published = hostIp; // "8080:80": no host IP
      hostIp = null;
    }
    return { hostIp, published: published === '' ? null : published, target };
  }
  if (typeof entry === 'object' && entry !== null) {
    const long = entry as { target?: unknown; published?: unknown; host_ip?: unknown };
    if (typeof long.target !== 'number') return null;
    return { hostIp: typeof long.host_ip === 'string' ? long.host_ip : null, published: long.published === undefined ? null : String(long.published), target: long.target };
  }
  return null;
}

/**
 * Read and check a compose file before anything is built or written: YAML, services, the web
 * service named in hop3.toml (default `web`), and published ports. A port published on every
 * interface (an explicit `0.0.0.0:` or `::`) is refused; one without a host IP is rewritten onto
 * 127.0.0.1 (see {@link renderComposeFile}).
 */
export async function loadComposeApp(file: string, options: { webService?: string; port?: number } = {}): Promise<ComposeApp> {
  const { parse } = await loadYaml();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw invalid(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw invalid(file, `is not valid YAML: ${String((error as Error).message).split('\n')[0]}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalid(file, 'is not a compose file (expected a mapping with "services:")');
  const services = (document as { services?: unknown }).services;
  if (typeof services !== 'object' || services === null || Array.isArray(services) || Object.keys(services).length === 0) {
    throw invalid(file, 'has no services: list them under "services:"');
  }
  const names = Object.keys(services);
  const webService = options.webService ?? 'web';
  if (!names.includes(webService)) {
    throw invalid(file, `has no service "${webService}" to put behind the proxy (services: ${names.join(', ')}). Name the one that serves HTTP with [docker] web-service in hop3.toml.`, {
      webService,
      services: names,
    });
  }
  for (const [name, service] of Object.entries(services as Record<string, unknown>)) {
    if (typeof service !== 'object' || service === null) throw invalid(file, `service "${name}" is not a mapping`);
    const ports = (service as Service).ports;
    if (ports === undefined) continue;
    if (!Array.isArray(ports)) throw invalid(file, `services.${name}.ports must be a list`);
    for (const entry of ports) {
      const port = parsePort(entry);
      if (port === null) throw invalid(file, `services.${name}.ports: cannot read ${JSON.stringify(entry)}`);
      if (port.hostIp !== null && !LOOPBACK.has(port.hostIp)) {
        throw invalid(file, `services.${name}.ports publishes ${JSON.stringify(entry)} on ${port.hostIp}, every interface: Hop3 puts services behind its proxy and publishes ports on 127.0.0.1 only. Remove the host address (it is then published on 127.0.0.1), or write 127.0.0.1.`, {
          service: name,
          port: entry,
        });
      }
    }
    if ((service as Service).network_mode === 'host' && name === webService) {
      throw invalid(file, `the web service "${name}" uses network_mode: host, which Hop3 cannot put on its own loopback ports: remove it.`);
    }
  }
  const web = (services as Record<string, Service>)[webService]!;
  const webPort = options.port ?? firstTarget(web) ?? firstExpose(web) ?? 8080;
  return { file, document: document as Record<string, unknown>, services: services as Record<string, Service>, webService, webPort };
}

function firstTarget(service: Service): number | undefined {
  const ports = Array.isArray(service.ports) ? service.ports : [];
  for (const entry of ports) {
    const port = parsePort(entry);
    if (port !== null) return port.target;
  }
  return undefined;
}

function firstExpose(service: Service): number | undefined {
  const expose = Array.isArray(service.expose) ? service.expose : [];
  const first = expose.map((e) => Number(String(e).split('/')[0])).find((n) => Number.isInteger(n) && n > 0);
  return first;
}

export interface RenderInput {
  app: ComposeApp;
  appName: string;
  rootId: string;
  release: number;
  /** The app's env (hop3 config, attached services): an env file for the services built from the app. */
  envFile: string;
  /**
   * `swarm` renders a stack file: the web port in host mode on a random port, dnsrr, start-first
   * updates, no other published ports (see docs/docker.md).
   */
  target: 'compose' | 'swarm';
}

/** The image a service built from the app gets for a release. */
export function serviceImage(appName: string, service: string, release: number): string {
  return `hop3/${appName}-${service}:r${release}`;
}

function labelMap(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((item) => String(item)).map((item) => {
      const at = item.indexOf('=');
      return at < 0 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)];
    }));
  }
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v ?? '')]));
  return {};
}

function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The compose file Hop3 runs, written beside the user's (relative paths keep their meaning):
 * services built from the app get a per-release image `hop3/<app>-<service>:r<n>` and the app's
 * env file; every service gets Hop3's labels, `init` and a restart policy unless it sets them;
 * the web service's ports become one random port on 127.0.0.1 (so it can run twice during a
 * rollout); other published ports are bound to 127.0.0.1.
 */
export async function renderComposeFile(input: RenderInput): Promise<string> {
  const { stringify } = await loadYaml();
  const { app, appName, rootId, release } = input;
  const services: Record<string, Service> = {};
  for (const [name, original] of Object.entries(app.services)) {
    const service: Service = { ...original };
    const labels = { ...labelMap(service.labels), [LABELS.app]: appName, [LABELS.root]: rootId, [LABELS.release]: String(release) };
    if (service.build !== undefined) {
      const build: Record<string, unknown> = typeof service.build === 'string' ? { context: service.build } : { ...(service.build as Record<string, unknown>) };
      build.labels = { ...labelMap(build.labels), [LABELS.app]: appName, [LABELS.release]: String(release) };
      service.build = build;
      service.image = serviceImage(appName, name, release);
      service.env_file = [...listOf(service.env_file), input.envFile];
    }
    if (name === app.webService) {
      service.environment = { ...envMap(service.environment), PORT: String(app.webPort) };
      service.ports = input.target === 'swarm' ? [{ target: app.webPort, mode: 'host' }] : [`127.0.0.1::${app.webPort}`];
      delete service.container_name;
    } else if (Array.isArray(service.ports) && input.target === 'swarm') {
      // Swarm publishes on every interface of a node (it has no host IP): the other services
      // are reached over the stack's network by name, never from outside.
      delete service.ports;
    } else if (Array.isArray(service.ports)) {
      service.ports = service.ports.map((entry) => {
        const port = parsePort(entry)!;
        return `127.0.0.1:${port.published ?? ''}:${port.target}`;
      });
    }
    if (input.target === 'swarm') {
      const deploy = { ...(service.deploy as Record<string, unknown> | undefined) };
      deploy.labels = { ...labelMap(deploy.labels), [LABELS.app]: appName, [LABELS.root]: rootId };
      deploy.endpoint_mode ??= 'dnsrr'; // no IPVS for VIPs on such hosts
      if (name === app.webService) {
        // The new task starts beside the old one, which Swarm stops once the new one is healthy.
        deploy.update_config = { order: 'start-first', failure_action: 'rollback', ...(deploy.update_config as Record<string, unknown> | undefined) };
        deploy.rollback_config = { order: 'start-first', ...(deploy.rollback_config as Record<string, unknown> | undefined) };
      }
      service.deploy = deploy;
      service.labels = labels;
      // tini as PID 1 here too (stack format 3.7+): a node PID 1 ignores SIGTERM, every stop would take 10 s.
      service.init ??= true;
      delete service.restart;
      delete service.build;
    } else {
      service.labels = labels;
      service.init ??= true;
      service.restart ??= 'unless-stopped';
    }
    services[name] = service;
  }
  const document: Record<string, unknown> = { ...app.document, services };
  if (input.target === 'swarm') document.version = '3.8';
  // YAML 1.1 output: compose v1 reads 1.1, where an unquoted no/yes/on/off is a boolean.
  return `# Written by Hop3 from ${basename(app.file)} for release ${release}: do not edit.\n${stringify(document, { version: '1.1' })}`;
}

function envMap(value: unknown): Record<string, string> {
  return labelMap(value);
}
