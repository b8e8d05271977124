// Every operation that `hop3 apps`, `status` and `logs` do not need, imported as one module on
// first use (see create-engine.ts).
export * as deploy from '../deploy/deploy-app.js';
export * as lifecycle from './lifecycle.js';
export * as scale from './scale.js';
export * as config from './config.js';
export * as destroy from './destroy.js';
export * as addons from './addons.js';
export * as services from '../services/service-registry.js';
export * as server from './server.js';
export * as install from '../plugin-set/install-plugin.js';
export * as pluginUsers from '../plugin-set/plugin-users.js';
export * as pluginCommands from '../plugin-set/plugin-commands.js';
export * as pluginSettings from '../plugin-set/plugin-settings.js';
export * as releases from './releases.js';
export * as certs from './certs.js';
export * as rollback from './rollback.js';
export * as appRepo from '../git/app-repo.js';
export * as receivePush from '../git/receive-push.js';
export * as sshKeys from '../ssh/authorized-keys.js';
