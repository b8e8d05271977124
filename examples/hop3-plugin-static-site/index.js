// A complete Hop3 plugin in one file: a builder that recognises plain static sites and a
// deployer that "runs" them with no process at all (the proxy serves the files).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

/** Deployer `static-site`: nothing to start; tells the proxy where the files are. */
const staticSiteDeployer = {
  name: 'static-site',
  description: 'Serves static artifacts through the proxy, with no process',
  create(context, artifact) {
    return {
      name: 'static-site',
      context,
      artifact,
      rejectionReason: artifact.kind === 'static' ? undefined : `artifact kind is "${artifact.kind}", not "static"`,
      accept: () => artifact.kind === 'static',
      deploy: () => ({ protocol: 'static', address: artifact.location, port: null }),
      scale: () => {},
      stop: () => {},
      checkStatus: () => true,
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
