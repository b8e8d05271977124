import type { Command } from '../io/command.js';

/** Command name → lazy loader, so only the command being run is imported. */
export const COMMANDS: Record<string, () => Promise<Command>> = {
  plugins: async () => (await import('./plugins.js')).pluginsCommand,
  deploy: async () => (await import('./deploy.js')).deployCommand,
  apps: async () => (await import('./apps.js')).appsCommand,
  releases: async () => (await import('./releases.js')).releasesCommand,
  rollback: async () => (await import('./rollback.js')).rollbackCommand,
  status: async () => (await import('./status.js')).statusCommand,
  start: async () => (await import('./lifecycle.js')).startCommand,
  stop: async () => (await import('./lifecycle.js')).stopCommand,
  restart: async () => (await import('./lifecycle.js')).restartCommand,
  scale: async () => (await import('./scale.js')).scaleCommand,
  logs: async () => (await import('./logs.js')).logsCommand,
  config: async () => (await import('./config.js')).configCommand,
  destroy: async () => (await import('./destroy.js')).destroyCommand,
  server: async () => (await import('./server.js')).serverCommand,
  addons: async () => (await import('./addons.js')).addonsCommand,
  certs: async () => (await import('./certs.js')).certsCommand,
  setup: async () => (await import('./setup.js')).setupCommand,
  'git-receive-pack': async () => (await import('./git.js')).gitReceivePackCommand,
  'git-upload-pack': async () => (await import('./git.js')).gitUploadPackCommand,
  'git-hook': async () => (await import('./git.js')).gitHookCommand,
  'ssh-keys': async () => (await import('./ssh-keys.js')).sshKeysCommand,
  'ssh-command': async () => (await import('./ssh-command.js')).sshCommand,
  remote: async () => (await import('./remote.js')).remoteCommand,
};
