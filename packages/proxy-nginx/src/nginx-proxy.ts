import { mkdir, readFile, rm } from 'node:fs/promises';
import {
  BaseProxy,
  type CertificateOutcome,
  type ProxyCertificate,
  type ProxyPreflightOptions,
  type ProxyProbe,
  type ProxyTarget,
  type StrategyRuntime,
} from '@hop3/core';
import { startRenewalJob } from './acme-renewal-service.js';
import { describeCertificate, readLiveCertificate } from './acme/describe.js';
import { acmeNames, isLocalName } from './acme/names.js';
import { requestAcmeCertificate } from './acme/request.js';
import { readAcmeSettings } from './acme/settings.js';
import { readAcmeState, removeAcmeState } from './acme/state.js';
import { resolveBackend } from './backend.js';
import {
  certificatePaths,
  ensureSelfSignedCertificate,
  removeCertificate,
  restoreCertificate,
  snapshotCertificate,
  type CertificateSnapshot,
} from './certificates.js';
import { embeddedStatus, reloadEmbedded } from './embedded-nginx.js';
import { NginxErrorCodes } from './errors.js';
import { resolveHostnames } from './hostnames.js';
import { installSiteConfig } from './install-site.js';
import { probeThroughNginx } from './probe.js';
import { testNginxConfig } from './nginx-command.js';
import { withServerLock } from './server-lock.js';
import { resolveNginxServer, siteConfigPath, type NginxServer } from './server.js';
import { ensureServerFiles } from './server-files.js';
import { readAppSettings } from './settings.js';
import { cacheDirectory, renderSiteConfig, type SiteSpec } from './site-config.js';
import { resolveStaticMappings, type StaticMapping } from './static-paths.js';
import { assertHostnamesFree } from './taken-hostnames.js';
import { reloadSystemNginx } from './system-nginx.js';
import { appPublicUrls } from './urls.js';

/**
 * The `nginx` proxy strategy. Steps, in BaseProxy's fixed order:
 * - setupBackend validates everything (hostnames, settings, backend, static paths) before a
 *   single file is written;
 * - setupCertificates keeps a live ACME certificate, else makes or reuses the self-signed one
 *   for all hostnames;
 * - setupCache creates the cache directory; generateConfig renders the file in memory;
 * - checkConfig installs it and runs `nginx -t`, rolling back on failure;
 * - reloadProxy starts (embedded) or reloads nginx and returns once the config is live; then, for
 *   an app with `[tls] acme = true` (or one already on ACME), a due certificate is ordered — a
 *   failure there warns and keeps the current certificate, it never fails the deploy.
 * The check and the reload run under one lock, so concurrent deploys never test each other's
 * half-installed files.
 */
export class NginxProxy extends BaseProxy {
  static readonly strategyName = 'nginx';
  static readonly description = 'nginx reverse proxy (embedded private instance, or the system nginx)';

  readonly name = 'nginx';
  readonly 'static': Record<string, string> | undefined;
  readonly tls: NonNullable<ProxyTarget['tls']>;
  private readonly runtime: StrategyRuntime;
  private readonly server: NginxServer;
  private spec: SiteSpec | undefined;
  private rendered: string | undefined;
  private configChanged = false;
  /** Set when this setup replaced the certificate: what to put back if nginx rejects the config. */
  private previousCertificate: CertificateSnapshot | null = null;

  constructor(target: ProxyTarget, runtime: StrategyRuntime) {
    super(target);
    this.static = target.static === undefined ? undefined : { ...target.static };
    this.tls = { ...target.tls };
    this.runtime = runtime;
    this.server = resolveNginxServer(runtime);
  }

  /** The app's config file. */
  get configPath(): string {
    return siteConfigPath(this.server, this.app.name);
  }

  /** The URLs where the app answers (first = preferred). */
  publicUrls(): string[] {
    return appPublicUrls(this.app, this.runtime, this.env);
  }

  /** One request for the app through nginx now: does it get through? */
  probe(): Promise<ProxyProbe> {
    return probeThroughNginx(this.app, this.runtime);
  }

  protected getProxyName(): string {
    return 'NGINX';
  }

  private requireSpec(): SiteSpec {
    if (this.spec === undefined) throw new Error('NginxProxy: setup steps ran out of order');
    return this.spec;
  }

  /**
   * Before the build: hostnames (also against the other sites), settings and static directories,
   * as setupBackend() will check them; the backend is not known yet. Writes nothing.
   */
  async preflight(options: ProxyPreflightOptions): Promise<void> {
    const hostnames = resolveHostnames(this.app);
    const settings = readAppSettings(this.env);
    // Names are checked here only when the app asks for ACME itself; under the server-wide default
    // an app whose names no ACME server can check keeps its self-signed certificate (a warning).
    if (this.acmeWanted() && this.tls.acme === true) {
      // Only local names: the self-signed certificate stays (a warning at deploy), not an error.
      if (hostnames.some((name) => !isLocalName(name))) acmeNames(this.app.name, hostnames);
    }
    await this.staticMappings(settings.allowStaticOutsideApp, options.buildMayCreateFiles);
    await assertHostnamesFree(this.server, this.app.name, hostnames);
  }

  /**
   * Whether this app's certificate comes from ACME: its hop3.toml's `[tls] acme` when set, else the
   * server-wide HOP3_ACME (checked here, so a bad value stops the deploy before anything is written).
   */
  private acmeWanted(): boolean {
    const settings = readAcmeSettings(this.runtime.env);
    return this.tls.acme ?? settings.enabledByDefault;
  }

  private appSettings() {
    const settings = readAppSettings(this.env);
    return this.tls.httpsOnly === true ? { ...settings, httpsOnly: true } : settings;
  }

  private staticMappings(allowOutsideApp: boolean, allowMissing: boolean): Promise<StaticMapping[]> {
    return resolveStaticMappings(
      {
        // A deployer that runs no process names the directory to serve as its address.
        deployment: this.backend.protocol === 'static' ? this.backend.address : undefined,
        worker: this.workers.static,
        declared: this.static,
        env: this.getStaticPaths(NginxErrorCodes.invalidStaticPath),
      },
      { srcDir: this.app.paths.src, allowOutsideApp, allowMissing },
    );
  }

  protected async setupBackend(): Promise<void> {
    const app = this.app.name;
    const hostnames = resolveHostnames(this.app);
    const settings = this.appSettings();
    const backend = resolveBackend(app, this.backend);
    const staticMappings = await this.staticMappings(settings.allowStaticOutsideApp, false);
    if (backend.kind === 'none' && staticMappings.length === 0) {
      this.runtime.log.warn(`App "${app}" has no process and no static mappings: nginx will answer 404 (add a "static" worker or NGINX_STATIC_PATHS)`);
    }
    if (backend.kind === 'none' && settings.cache !== null) {
      this.runtime.log.warn(`App "${app}": NGINX_CACHE_PREFIXES is ignored for a static-only app`);
    }
    this.spec = { app, hostnames, backend, settings, staticMappings, certificate: certificatePaths(this.server.certsDir, app) };
  }

  protected override async setupCertificates(): Promise<void> {
    const spec = this.requireSpec();
    // An ACME certificate stays live through deploys; one missing a new name is re-ordered after the reload.
    const live = await readLiveCertificate(this.server.certsDir, spec.app);
    if (live !== null && !live.selfSigned && (await readAcmeState(this.runtime.layout.root, spec.app)) !== undefined) {
      this.previousCertificate = null;
      return;
    }
    const before = await snapshotCertificate(spec.certificate);
    const result = await ensureSelfSignedCertificate({ certsDir: this.server.certsDir, app: spec.app, hostnames: spec.hostnames });
    this.previousCertificate = result.generated ? before : null;
    if (result.generated) this.runtime.log.info(`Self-signed certificate for ${spec.hostnames.join(', ')} (${result.reason})`);
  }

  protected override async setupCache(): Promise<void> {
    const spec = this.requireSpec();
    if (spec.settings.cache !== null && spec.backend.kind !== 'none') {
      await mkdir(cacheDirectory(this.server, spec.app), { recursive: true });
    }
  }

  protected override setupStatic(): void {
    for (const mapping of this.requireSpec().staticMappings) {
      this.runtime.log.debug(`static ${mapping.urlPrefix} → ${mapping.directory} (${mapping.source})`);
    }
  }

  protected generateConfig(): void {
    this.rendered = renderSiteConfig(this.requireSpec(), this.server);
  }

  protected async checkConfig(): Promise<void> {
    const spec = this.requireSpec();
    const content = this.rendered;
    if (content === undefined) throw new Error('NginxProxy: checkConfig before generateConfig');
    await withServerLock(this.server, async () => {
      const serverChanged = await ensureServerFiles(this.server, this.runtime.layout.root);
      try {
        const { changed } = await installSiteConfig({ server: this.server, app: spec.app, path: this.configPath, content, hostnames: spec.hostnames, serverUnchanged: !serverChanged });
        // A renewed certificate needs a reload even when the file is byte-identical.
        this.configChanged = changed || serverChanged || this.previousCertificate !== null;
      } catch (error) {
        if (this.previousCertificate !== null) await restoreCertificate(spec.certificate, this.previousCertificate);
        throw error;
      }
    });
  }

  protected async reloadProxy(): Promise<void> {
    await withServerLock(this.server, async () => {
      if (this.server.mode === 'system') {
        if (this.configChanged) await reloadSystemNginx(this.server, this.runtime.log);
        return;
      }
      // Nothing changed and nginx already serves this file: no reload needed.
      if (!this.configChanged && (await embeddedStatus(this.server)).running) return;
      await reloadEmbedded(this.server, this.runtime.log);
    });
    await this.acmeAfterDeploy();
  }

  /**
   * ACME wanted (`[tls] acme = true`, or HOP3_ACME=on and no `acme = false`), or an app already on
   * ACME that did not turn it off: order what is due; a failure only warns.
   */
  private async acmeAfterDeploy(): Promise<void> {
    const app = this.app.name;
    if (this.tls.acme === false) return;
    const managed = (await readAcmeState(this.runtime.layout.root, app)) !== undefined;
    if (!this.acmeWanted() && !managed) return;
    // Only local names (*.localhost): nothing an ACME server could check; the self-signed certificate stays.
    if (!managed && this.tls.acme === undefined && resolveHostnames(this.app).every((name) => isLocalName(name))) return;
    try {
      await this.requestCertificate({ action: 'renew' });
    } catch (error) {
      this.runtime.log.warn(`App "${app}" is deployed, but its ACME certificate could not be obtained; the ${managed ? 'current' : 'self-signed'} certificate keeps serving.\n${(error as Error).message}`);
    }
    // Renewals must not depend on someone running "hop3 server start": the job runs from the first ACME deploy on.
    await startRenewalJob(this.runtime, { waitFirst: true }).catch((error: unknown) => this.runtime.log.warn((error as Error).message));
  }

  /** The app's certificate as served now. */
  async certificate(): Promise<ProxyCertificate> {
    return describeCertificate(this.runtime.layout.root, this.server.certsDir, this.app.name);
  }

  /** Order (issue) or renew when due the app's ACME certificate; see requestAcmeCertificate. */
  async requestCertificate(request: { action: 'issue' | 'renew'; force?: boolean }): Promise<CertificateOutcome> {
    return requestAcmeCertificate({
      runtime: this.runtime,
      server: this.server,
      app: this.app.name,
      hostnames: resolveHostnames(this.app),
      action: request.action,
      ...(request.force === undefined ? {} : { force: request.force }),
    });
  }

  /** Remove the app's site file and certificate, then test and reload. Idempotent. */
  async remove(): Promise<void> {
    const app = this.app.name;
    await withServerLock(this.server, async () => {
      const path = this.configPath;
      const existed = await readFile(path).then(() => true, () => false);
      await rm(path, { force: true });
      await removeCertificate(this.server.certsDir, app);
      await removeAcmeState(this.runtime.layout.root, app);
      await rm(cacheDirectory(this.server, app), { recursive: true, force: true });
      if (!existed) return;
      const test = await testNginxConfig(this.server);
      if (!test.ok) {
        this.runtime.log.warn(`Removed the nginx site of "${app}", but nginx's configuration is broken elsewhere; not reloading:\n${test.messages.join('\n')}`);
        return;
      }
      if (this.server.mode === 'system') await reloadSystemNginx(this.server, this.runtime.log);
      else if ((await embeddedStatus(this.server)).running) await reloadEmbedded(this.server, this.runtime.log);
      this.runtime.log.info(`Removed the nginx site of "${app}"`);
    });
  }
}
