import { fileURLToPath } from 'node:url';
import { describeBuilder } from '@hop3/testkit';
import plugin from './index.js';
import { SHARED_NPM_CACHE, SHARED_TOOLS_DIR } from './test-support/shared-dirs.js';

// The builder protocol's conformance suite from @hop3/testkit, run with real yarn (installed
// with npm into the tool cache) and the npm registry.
describeBuilder({
  plugin,
  strategy: 'node',
  env: { HOME: process.env.HOME, HOP3_NPM_CACHE: SHARED_NPM_CACHE, HOP3_NODE_TOOLS_DIR: SHARED_TOOLS_DIR },
  accepts: [{ name: 'yarn-app', from: fileURLToPath(new URL('../fixtures/yarn-app', import.meta.url)) }],
  refuses: [{ name: 'python-only', files: { 'requirements.txt': 'flask\n' } }],
  artifactKind: 'node',
});
