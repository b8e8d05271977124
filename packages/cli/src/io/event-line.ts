import type { EngineEvent } from '@hop3/engine';

/** The progress line a person watching a terminal sees for an engine event, or null for none. */
export function eventLine(event: EngineEvent): string | null {
  switch (event.type) {
    case 'addon:provision':
      return `→ Provisioning ${event.addon} service "${event.service}"\n`;
    case 'addon:remove':
      return `→ Removed the ${event.addon} service "${event.service}" this deploy created\n`;
    case 'release:stage':
      return `→ Copying ${event.sourceDir} (release ${event.release})\n`;
    case 'build:start':
      return `→ Building with "${event.builder}"\n`;
    case 'build:output':
      return `  ${event.line}\n`;
    case 'run:start':
      return `→ Starting with "${event.deployer}"\n`;
    case 'health:wait':
      return '→ Waiting for the app to answer\n';
    case 'proxy:switch':
      return '→ Switching the proxy\n';
    case 'rollback':
      return '→ Rolling back the new version (the previous one keeps serving)\n';
    case 'rollback:start':
      return `→ Rolling back to release ${event.target} (release ${event.release}, no build)\n`;
    case 'deploy:start':
    case 'rollback:done':
    case 'commit':
    case 'deploy:done':
      return null;
  }
}
