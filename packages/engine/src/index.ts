/**
 * @hop3/engine — the deploy pipeline and app lifecycle of Hop3, for any host to embed: create an
 * engine with a plugin set, call its operations, render its events. See README.md.
 */
export { createEngine, type Engine, type EngineOptions, type AppRef } from './create-engine.js';
export type { EngineEvent, EngineEventType, EngineEventListener } from './events.js';
export { EngineErrorCodes, type EngineErrorCode } from './errors.js';
export type { DeployRequest } from './deploy/deploy-request.js';
export type { DeployResult } from './deploy/deploy-app.js';
export type { AppSummary } from './operations/apps.js';
export type { ReleaseEntry, ReleasesResult } from './operations/releases.js';
export type { CertificateEntry, CertificateIssueResult, CertificateRenewal, CertificateRenewInput, CertificateRenewResult } from './operations/certs.js';
export type { RollbackInput, RollbackResult } from './operations/rollback.js';
export type { ReleaseSource } from './releases/release-record.js';
export type { ReceivePushInput, ReceivePushResult } from './git/receive-push.js';
export type { SshKeyEntry } from './ssh/authorized-keys.js';
export { parseSshRequest, type SshRequest } from './ssh/ssh-request.js';
export { addRemote, findRemote, defaultRemoteName, quoteForRemote, type Hop3Remote } from './remote/hop3-remote.js';
export type { AppStatus } from './operations/status.js';
export type { OverallState } from './apps/status-summary.js';
export type { ProxyReach } from './apps/proxy-reach.js';
export type { LifecycleAction, LifecycleResult } from './operations/lifecycle.js';
export type { ScaleInput, ScaleResult } from './operations/scale.js';
export type { LogsInput, LogsResult } from './operations/logs.js';
export type { ConfigResult, ConfigSetInput, ConfigUnsetInput, ConfigChangeResult } from './operations/config.js';
export type { DestroyInput, DestroyResult } from './operations/destroy.js';
export type { ServiceRef, ServiceDestroyInput, ServiceEntry, AttachInput, AttachResult } from './operations/addons.js';
export type { ServerStatus, SetupInput, SetupPlanResult } from './operations/server.js';
export type { RepointedApp } from './operations/repoint-apps.js';
export type { PluginInstallInput, PluginInstallResult, PluginUninstallResult } from './plugin-set/install-plugin.js';
export type { PluginSettings } from './plugin-set/plugin-settings.js';
