// Shared by this package's integration tests (not exported: src/test-support.ts is excluded from the build).
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Official Node builds (185 MB each) and the npm cache are shared by every test run on the
 * machine: the first run downloads, later ones reuse. Installs into it are atomic and locked,
 * so parallel test files never see a partial tool.
 */
export const SHARED_TOOLS_DIR = join(tmpdir(), 'hop3-test-node-tools');
export const SHARED_NPM_CACHE = join(tmpdir(), 'hop3-test-npm-cache');
