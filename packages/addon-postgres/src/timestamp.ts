/** A UTC timestamp for file names: `20261124T201500Z` (sorts in time order). */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll('-', '').replaceAll(':', '');
}
