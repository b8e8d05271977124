/** `@hop3/cli` as a library: the deploy pipeline and the host that drives it. */
export { main } from './main.js';
export { createHost, type Host, type HostOptions } from './host/create-host.js';
export { deployApp, type DeployResult, type ProgressReporter } from './pipeline/deploy-app.js';
export type { DeployRequest } from './pipeline/deploy-request.js';
export { AppStore } from './host/app-store.js';
export type { AppRecord, Attachment } from './host/app-record.js';
export type { CommandIO } from './io/command.js';
