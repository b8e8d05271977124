import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describeDeployer } from '@hop3/testkit';
import plugin from '../src/index.js';
import { DockerBuilder } from '../src/docker-builder.js';
import { LABELS } from '../src/names.js';
import { ensureNodeBase } from './support/base-image.js';
import { FIXTURES } from './support/test-host.js';

// The deployer protocol's conformance suite from @hop3/testkit against the real dockerd: the
// artifact is built by the docker builder from the test app. (describeBuilder is not used: it
// expects an artifact location on disk, and a docker-image artifact's location is its tag.)
describeDeployer({
  plugin,
  strategy: 'docker',
  env: async () => {
    await ensureNodeBase();
    return {};
  },
  app: { name: `dk-conform-${process.pid}`, from: join(FIXTURES, 'node-app'), files: { 'version.txt': 'conform\n' } },
  artifact: (context, runtime) => new DockerBuilder(context, runtime).build(),
  answers: { contains: 'version conform' },
  scale: {
    kind: 'web',
    countProcesses: async (context) =>
      execFileSync('docker', ['ps', '-q', '--filter', `label=${LABELS.app}=${context.appName}`, '--filter', `label=${LABELS.kind}=web`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean).length,
  },
});
