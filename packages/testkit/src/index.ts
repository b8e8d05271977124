/**
 * @hop3/testkit — test a Hop3 plugin with vitest: one conformance suite per protocol, and the
 * helpers Hop3's own plugins use (a private HOP3_ROOT runtime, a recording logger, failure
 * helpers, a fake command runner, private PostgreSQL and redis servers, free ports).
 */
export { describeBuilder, type BuilderConformance } from './conformance/describe-builder.js';
export { describeDeployer, type DeployerConformance } from './conformance/describe-deployer.js';
export { describeAddon, type AddonConformance } from './conformance/describe-addon.js';
export { describeProxy, type ProxyConformance } from './conformance/describe-proxy.js';
export { describeOS, type OSConformance } from './conformance/describe-os.js';
export { stageApp, type AppFixture } from './conformance/app-fixture.js';
export type { EnvOption, SuiteOptions } from './conformance/env-option.js';
export type { StrategySource } from './conformance/strategy-source.js';
export { secretsOf, leakedSecrets } from './conformance/secrets.js';
export { snapshotFiles, diffSnapshots, type FsSnapshot } from './conformance/fs-snapshot.js';

export { createTempDir, type TempDir } from './helpers/temp-dir.js';
export { createTestRuntime, type TestRuntime, type TestRuntimeOptions } from './helpers/test-runtime.js';
export { recordingLogger, type RecordingLogger } from './helpers/recording-logger.js';
export { thrown, failure, type CaughtError } from './helpers/failures.js';
export { fakeRunner, type FakeRunner, type FakeReply, type FakeCommandRunner, type RecordedCall } from './helpers/fake-runner.js';
export { requirePrograms, whichProgram } from './helpers/programs.js';
export { freePort, freePorts } from './helpers/ports.js';
export { httpGet, type HttpAnswer, type HttpGetOptions } from './helpers/http-get.js';
export { listProcesses, countProcesses, type ProcessEntry } from './helpers/processes.js';
export { ensureOsUser } from './helpers/os-user.js';
export { startPrivatePostgres, findPostgresBinDir, type PrivatePostgres, type PrivatePostgresOptions } from './services/private-postgres.js';
export { startPrivateRedis, type PrivateRedis, type PrivateRedisOptions } from './services/private-redis.js';
export { startPrivatePebble, type PrivatePebble } from './services/private-pebble.js';
