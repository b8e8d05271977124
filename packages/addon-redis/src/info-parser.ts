/** Parse `INFO` text (`key:value` lines, `# Section` headers) into a flat record. */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

/** An integer INFO field, or undefined when absent or not a number. */
export function infoNumber(fields: Record<string, string>, key: string): number | undefined {
  const raw = fields[key];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** Total keys over every logical DB, from the `# Keyspace` lines (`db0:keys=3,expires=1,…`). */
export function keyspaceTotals(fields: Record<string, string>): { keys: number; expires: number } {
  let keys = 0;
  let expires = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (!/^db[0-9]+$/.test(name)) continue;
    keys += Number(/(?:^|,)keys=([0-9]+)/.exec(value)?.[1] ?? 0);
    expires += Number(/(?:^|,)expires=([0-9]+)/.exec(value)?.[1] ?? 0);
  }
  return { keys, expires };
}
