/**
 * A schema built on first use, used exactly like the schema itself. Core exports a few dozen
 * schemas and building them all costs milliseconds at every start-up of every host, while a
 * command parses one or two; a host that only lists apps should not pay for the plugin or
 * hop3.toml schemas. The proxy forwards every operation to the schema, built once when first
 * touched (parse, z.extend, a place in another schema's shape, instanceof).
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    has: (_, key) => Reflect.has(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    // Reported as configurable: the proxy's own (empty) target must not contradict it.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
