export type { MaybePromise, Logger, StrategyRuntime, ScaleDeltas, Acceptor } from './common.js';
export type { Builder } from './builder.js';
export type { Deployer, DeployerStatus, DestroyOptions, WorkerState, WorkerStatus } from './deployer.js';
export type { Addon } from './addon.js';
export type { OS, EnsurePackagesOptions, SetupOptions, SetupPlan } from './os.js';
export { PENDING_BACKEND, type Proxy, type ProxyTarget, type ProxyPreflightOptions, type ProxyCertificate, type ProxyProbe, type CertificateOutcome } from './proxy.js';
export { BaseProxy, parseStaticPaths, type StaticPath } from './base-proxy.js';
