/** Types for error-codes-table.mjs (imported by packages/cli/test/error-codes.test.ts). */
export interface FirstPartyPackage {
  name: string;
  dir: string;
}
export interface CodeRow {
  pkg: string;
  map: string;
  key: string;
  code: string;
  shared: boolean;
  doc: string;
  input: boolean;
}
export const FIRST_PARTY: FirstPartyPackage[];
export function readCodeMaps(packages?: FirstPartyPackage[]): CodeRow[];
export function errorCodesTable(packages?: FirstPartyPackage[]): string;
export const TABLE_START: string;
export const TABLE_END: string;
export function withTable(doc: string, table: string): string;
