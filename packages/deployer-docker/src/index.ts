import { definePlugin, type StrategyDescriptor } from '@hop3/core';
import { ContainerDeployer } from './container-deployer.js';
import { ComposeDeployer } from './compose/compose-deployer.js';
import { DockerBuilder } from './docker-builder.js';
import { SwarmDeployer } from './swarm/swarm-deployer.js';
import { preflightDocker } from './preflight.js';

// The public surface: the strategies, their artifact kinds and the error codes.
export { DockerBuilder, ARTIFACT_KINDS } from './docker-builder.js';
export { ContainerDeployer } from './container-deployer.js';
export { ComposeDeployer } from './compose/compose-deployer.js';
export { SwarmDeployer } from './swarm/swarm-deployer.js';
export { DockerErrorCodes, type DockerErrorCode } from './errors.js';

export const dockerBuilder: StrategyDescriptor<'builder'> = {
  name: 'docker',
  description: 'Builds apps with a Dockerfile into one image per release (hop3/<app>:r<n>); asked after every other builder',
  create: (context, runtime) => new DockerBuilder(context, runtime),
};

export const dockerDeployer: StrategyDescriptor<'deployer'> = {
  name: 'docker',
  description: 'Runs docker-image artifacts as one container per process, with zero-downtime swaps behind the proxy',
  create: (context, artifact, runtime) => new ContainerDeployer(context, artifact, runtime),
  preflight: preflightDocker,
};

export const composeDeployer: StrategyDescriptor<'deployer'> = {
  name: 'docker-compose',
  description: 'Runs an app with a compose file as the Compose project hop3-<app>, rolling its web service without an outage',
  create: (context, artifact, runtime) => new ComposeDeployer(context, artifact, runtime),
  preflight: preflightDocker,
};

export const swarmDeployer: StrategyDescriptor<'deployer'> = {
  name: 'docker-swarm',
  description: 'Runs an app with a compose file as the Swarm stack hop3-<app> ([docker] mode = "swarm"), with start-first rolling updates behind the proxy',
  create: (context, artifact, runtime) => new SwarmDeployer(context, artifact, runtime),
  preflight: preflightDocker,
};

export default definePlugin({
  name: 'hop3-plugin-deployer-docker',
  apiVersion: 1,
  // Asked last: a Dockerfile is only used when no other builder takes the app (or [build] builder = "docker").
  enforce: 'post',
  hooks: {
    getBuilders: () => [dockerBuilder],
    getDeployers: () => [dockerDeployer, composeDeployer, swarmDeployer],
  },
});
