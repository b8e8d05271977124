import { ErrorCodes } from '../errors/codes.js';
import type { App } from '../data/app.js';
import type { Proxy, ProxyTarget } from './proxy.js';
import { Hop3Error } from '../errors/hop3-error.js';

/** One static mapping: requests under `urlPrefix` are served from `path`. */
export interface StaticPath {
  urlPrefix: string;
  path: string;
}

/**
 * Base class for proxies. `setup()` is a fixed template: subclasses fill in the steps and
 * cannot reorder them (it is an instance property, so a subclass method of the same name
 * is a type error).
 */
export abstract class BaseProxy implements Proxy {
  abstract readonly name: string;
  readonly app: App;
  readonly env: Record<string, string>;
  readonly workers: Record<string, string>;
  readonly backend: ProxyTarget['backend'];

  constructor(target: ProxyTarget) {
    this.app = target.app;
    this.backend = target.backend;
    this.env = { ...target.env };
    this.workers = { ...target.workers };
  }

  /** Runs every step in order; a step that throws stops the sequence. */
  readonly setup = async (): Promise<void> => {
    await this.setupBackend();
    await this.setupCertificates();
    await this.setupCache();
    await this.setupStatic();
    await this.extraSetup();
    await this.generateConfig();
    await this.checkConfig();
    await this.reloadProxy();
  };

  /** The prefix of this proxy's settings in the app env (`NGINX` → `NGINX_STATIC_PATHS`). */
  protected abstract getProxyName(): string;

  protected abstract setupBackend(): void | Promise<void>;
  protected setupCertificates(): void | Promise<void> {}
  protected setupCache(): void | Promise<void> {}
  protected setupStatic(): void | Promise<void> {}
  protected extraSetup(): void | Promise<void> {}
  protected abstract generateConfig(): void | Promise<void>;
  protected abstract checkConfig(): void | Promise<void>;
  protected abstract reloadProxy(): void | Promise<void>;

  /**
   * Set `key` in the proxy's env: to `value` when given, else to `template` with `$VAR` /
   * `${VAR}` replaced from the env (unknown variables become empty), else leave it as is.
   */
  updateEnv(key: string, value = '', template = ''): void {
    if (value !== '') {
      this.env[key] = value;
    } else if (template !== '') {
      this.env[key] = template.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, bare) => {
        return this.env[(braced ?? bare) as string] ?? '';
      });
    }
  }

  /**
   * Parse `<PROXY>_STATIC_PATHS` (`/url:path,/url2:path2`). Relative paths stay relative: the
   * subclass resolves them against the app and decides what may be served. `code` is the
   * proxy's own code for a bad static mapping, so every such problem has one code.
   */
  getStaticPaths(code?: string): StaticPath[] {
    const key = `${this.getProxyName()}_STATIC_PATHS`;
    return parseStaticPaths(this.env[key] ?? '', key, code);
  }
}

/**
 * Parse a `/url:path,/url2:path2` list; `source` names the setting in errors, thrown with `code`
 * (a proxy passes its own code for bad static mappings; default `HOP3_INVALID_CONFIG`).
 */
export function parseStaticPaths(value: string, source: string, code: string = ErrorCodes.invalidConfig): StaticPath[] {
  const mappings: StaticPath[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    const urlPrefix = colon === -1 ? '' : item.slice(0, colon).trim();
    const path = colon === -1 ? '' : item.slice(colon + 1).trim();
    if (!urlPrefix.startsWith('/') || path === '') {
      throw new Hop3Error({
        code,
        badInput: true,
        message: `${source}: "${item}" is not a "/url:path" mapping (example: /static:public,/media:uploads)`,
        details: { setting: source, item },
      });
    }
    mappings.push({ urlPrefix, path });
  }
  return mappings;
}
