// A complete Hop3 plugin in one file: a builder that recognises plain static sites and a
// deployer that "runs" them with no process at all (the proxy serves the files).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { definePlugin } from '@hop3/core';

/** Builder `static-site`: accepts a dir with index.html and no server code. */
class StaticSiteBuilder {
  static strategyName = 'static-site';
  static description = 'Plain HTML sites (index.html, no server code)';
  name = 'static-site';
  rejectionReason;

  constructor(context, runtime) {
    this.context = context;
    this.runtime = runtime;
  }

  accept() {
    const dir = this.context.sourcePath;
    if (!existsSync(join(dir, 'index.html'))) {
      this.rejectionReason = 'no index.html';
      return false;
    }
    const serverFiles = ['requirements.txt', 'pyproject.toml', 'package.json'].filter((f) => existsSync(join(dir, f)));
    if (serverFiles.length > 0) {
      this.rejectionReason = `looks like a server app (${serverFiles.join(', ')})`;
      return false;
    }
    return true;
  }

  build() {
    this.runtime.log.info(`static site: nothing to build in ${this.context.sourcePath}`);
    return { kind: 'static', location: this.context.sourcePath, metadata: { files: 'as is' } };
  }
}

/**
 * Deployer `static-site`: nothing to start; tells the proxy which directory to serve.
 * Hosts construct a fresh deployer for every command (`deploy` now, `status` or `stop` later,
 * maybe from another process), so what it must remember lives on disk: a small state file in
 * the app's directory says whether the site is deployed and running.
 */
const staticSiteDeployer = {
  name: 'static-site',
  description: 'Serves static artifacts through the proxy, with no process',
  create(context, artifact, runtime) {
    const stateFile = join(runtime.layout.app(context.appName).root, 'static-site.json');
    const readState = () => (existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : null);
    const writeState = (state) => {
      mkdirSync(dirname(stateFile), { recursive: true });
      writeFileSync(stateFile, JSON.stringify(state));
    };
    const info = () => ({ protocol: 'static', address: artifact.location, port: null });
    return {
      name: 'static-site',
      context,
      artifact,
      rejectionReason: artifact.kind === 'static' ? undefined : `artifact kind is "${artifact.kind}", not "static"`,
      accept: () => artifact.kind === 'static',
      // `static`: no process; the proxy serves the files at `address` (the artifact's directory).
      deploy() {
        writeState({ running: true, address: artifact.location });
        return info();
      },
      scale() {}, // no processes to scale
      stop() {
        const state = readState();
        if (state !== null) writeState({ ...state, running: false });
      },
      start() {
        const state = readState();
        if (state !== null) writeState({ ...state, running: true });
      },
      destroy() {
        rmSync(stateFile, { force: true });
      },
      // Truthful, and never throws: running once deployed, until stopped; the files must exist.
      checkStatus() {
        try {
          const state = readState();
          return state?.running === true && existsSync(join(state.address, 'index.html'));
        } catch {
          return false;
        }
      },
      getStatus() {
        const running = this.checkStatus();
        return { running, processes: {}, deployment: running ? { protocol: 'static', address: readState().address, port: null } : null };
      },
    };
  },
};

export default definePlugin({
  name: 'hop3-plugin-static-site',
  apiVersion: 1,
  hooks: {
    // A hook may return classes (with a static `strategyName`) or descriptors ({ name, create }).
    getBuilders: () => [StaticSiteBuilder],
    getDeployers: () => [staticSiteDeployer],
  },
});
