import { join } from 'node:path';
import { isSafeName, lazySchema, SAFE_NAME_RULE, z, type Hop3Layout } from '@hop3/core';
import { readJsonState, withLock, writeJsonAtomic } from '@hop3/kit';
import { engineError, EngineErrorCodes } from '../errors.js';

const registrySchema = lazySchema(() =>
  z.object({
    services: z._default(z.record(z.string(), z.object({ type: z.string(), createdAt: z.string() })), {}),
  }),
);
type Registry = z.infer<typeof registrySchema>;

export interface ServiceEntry {
  name: string;
  type: string;
  createdAt: string;
}

/** Which backing services exist and of what type (addons/services.json). */
export class ServiceRegistry {
  private readonly path: string;
  private readonly lockPath: string;

  constructor(layout: Hop3Layout) {
    this.path = join(layout.root, 'addons', 'services.json');
    this.lockPath = join(layout.runDir, 'locks', 'addons.lock');
  }

  private async load(): Promise<Registry> {
    const registry = await readJsonState(this.path, registrySchema, {
      what: 'the list of addon services',
      recovery: 'restore it from a backup (each service keeps its own files under addons/)',
    });
    return registry ?? { services: {} };
  }

  async list(): Promise<ServiceEntry[]> {
    const { services } = await this.load();
    return Object.entries(services).sort(([a], [b]) => a.localeCompare(b)).map(([name, s]) => ({ name, ...s }));
  }

  async require(name: string): Promise<ServiceEntry> {
    checkServiceName(name);
    const entry = (await this.list()).find((s) => s.name === name);
    if (!entry) throw engineError({ message: `No service named "${name}". Run "hop3 addons list", or create it with "hop3 addons create <type> ${name}".`, code: EngineErrorCodes.serviceNotFound });
    return entry;
  }

  /** Refuse a name already taken by a service of another type (check before creating it). */
  async assertAvailable(name: string, type: string): Promise<void> {
    refuseOtherType((await this.load()).services[name], name, type);
  }

  /** Record a service once it exists; the same name with another type is refused. */
  async add(name: string, type: string): Promise<ServiceEntry> {
    return withLock(this.lockPath, async () => {
      const registry = await this.load();
      const existing = registry.services[name];
      refuseOtherType(existing, name, type);
      registry.services[name] = existing ?? { type, createdAt: new Date().toISOString() };
      await writeJsonAtomic(this.path, registry);
      return { name, ...registry.services[name]! };
    });
  }

  async remove(name: string): Promise<void> {
    await withLock(this.lockPath, async () => {
      const registry = await this.load();
      delete registry.services[name];
      await writeJsonAtomic(this.path, registry);
    });
  }
}

function refuseOtherType(existing: { type: string } | undefined, name: string, type: string): void {
  if (existing && existing.type !== type) {
    throw engineError({ message: `A ${existing.type} service is already named "${name}"; pick another name.`, code: EngineErrorCodes.serviceExists });
  }
}

export function checkServiceName(name: string): void {
  if (!isSafeName(name)) throw engineError({ message: `Invalid service name "${name}": ${SAFE_NAME_RULE}`, code: EngineErrorCodes.invalidInput });
}
