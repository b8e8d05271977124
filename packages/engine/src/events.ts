/**
 * What the engine reports while an operation runs, in order. A host renders them (the CLI: one
 * line each on a terminal, nothing with `--json`) or streams them to its own UI. Events are
 * facts, not text: the engine never writes to stdout or stderr itself.
 */
export type EngineEvent =
  /** A deploy has passed validation and preflight; `release` is the number it will get. */
  | { type: 'deploy:start'; app: string; release: number; sourceDir: string }
  /** A service the app declares in `[[addons]]` is being created (or found) and attached. */
  | { type: 'addon:provision'; app: string; addon: string; service: string }
  /** A failed deploy removed a service it had created. */
  | { type: 'addon:remove'; app: string; addon: string; service: string }
  /** The source is copied into its release dir. */
  | { type: 'release:stage'; app: string; release: number; sourceDir: string }
  | { type: 'build:start'; app: string; builder: string }
  /** One line of the build's own output (pip's "Collecting flask"), as it is written. */
  | { type: 'build:output'; app: string; line: string }
  /** The deployer starts the new version beside the running one. */
  | { type: 'run:start'; app: string; deployer: string }
  /** Waiting until the new version answers on its own port. */
  | { type: 'health:wait'; app: string; timeoutSeconds: number }
  /** The proxy is pointed at the new version. */
  | { type: 'proxy:switch'; app: string }
  /** The new version failed before it took traffic: it is being stopped. */
  | { type: 'rollback'; app: string; reason: string }
  /** The new version took over; the deployer retires the old one. */
  | { type: 'commit'; app: string; deployer: string }
  | { type: 'deploy:done'; app: string; release: number; url: string }
  /** A rollback starts: release `release` puts back the code and artifact of release `target`, without a build. */
  | { type: 'rollback:start'; app: string; release: number; target: number }
  /** The rollback is live and recorded. */
  | { type: 'rollback:done'; app: string; release: number; target: number; url: string };

export type EngineEventType = EngineEvent['type'];

/** Receives every event of an engine's operations. Must not throw (a throw is ignored). */
export type EngineEventListener = (event: EngineEvent) => void;
