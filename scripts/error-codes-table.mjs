#!/usr/bin/env node
/**
 * Prints the first-party error codes as a markdown table, read from each package's code maps
 * (`export const XErrorCodes = { key: 'HOP3_…', … } as const`, the maps the `XErrorCode` unions
 * come from) and its factory's `input` list (the codes that are the user's bad input).
 *
 *   node scripts/error-codes-table.mjs            # print the table
 *   node scripts/error-codes-table.mjs --write    # replace the table in docs/errors.md
 *
 * It reads the sources (no build needed); packages/cli/test/error-codes.test.ts checks that
 * docs/errors.md holds its current output.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** The first-party packages, in the order of the table: core ← kit ← plugins; core ← engine ← cli. */
export const FIRST_PARTY = [
  { name: '@hop3/core', dir: 'core' },
  { name: '@hop3/kit', dir: 'kit' },
  { name: '@hop3/engine', dir: 'engine' },
  { name: '@hop3/cli', dir: 'cli' },
  { name: 'hop3-plugin-builder-python', dir: 'builder-python' },
  { name: 'hop3-plugin-builder-node', dir: 'builder-node' },
  { name: 'hop3-plugin-deployer-uwsgi', dir: 'deployer-uwsgi' },
  { name: 'hop3-plugin-proxy-nginx', dir: 'proxy-nginx' },
  { name: 'hop3-plugin-addon-postgres', dir: 'addon-postgres' },
  { name: 'hop3-plugin-addon-redis', dir: 'addon-redis' },
  { name: 'hop3-plugin-os-debian', dir: 'os-debian' },
  { name: 'hop3-plugin-deployer-docker', dir: 'deployer-docker' },
  { name: 'create-hop3-plugin', dir: 'create-hop3-plugin' },
];

/** Core's codes that are bad input whoever raises them (see Hop3Error). */
const SHARED_INPUT = new Set(['HOP3_INVALID_INPUT', 'HOP3_INVALID_CONFIG']);

function sources(dir) {
  const out = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(full);
    }
  };
  walk(join(repo, 'packages', dir, 'src'));
  return out.sort();
}

function jsDoc(node, text) {
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const doc = ranges.map((r) => text.slice(r.pos, r.end)).filter((c) => c.startsWith('/**')).pop();
  if (!doc) return '';
  return doc
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .join(' ')
    .replace(/\{@link ([^}]+)\}/g, '`$1`')
    .trim();
}

/** Every `XErrorCodes` map and every `errorFactory({ input })` list in the packages' sources. */
export function readCodeMaps(packages = FIRST_PARTY) {
  const maps = new Map(); // map name -> { pkg, entries: [{ key, value | ref, doc }] }
  const inputRefs = [];
  for (const pkg of packages) {
    for (const file of sources(pkg.dir)) {
      const text = readFileSync(file, 'utf8');
      if (!/ErrorCodes\s*=|errorFactory/.test(text)) continue;
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const visit = (node) => {
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && /ErrorCodes$/.test(node.name.text) && node.initializer) {
          let init = node.initializer;
          if (ts.isAsExpression(init)) init = init.expression;
          if (ts.isObjectLiteralExpression(init)) {
            const entries = [];
            for (const p of init.properties) {
              if (!ts.isPropertyAssignment(p)) continue;
              const v = p.initializer;
              entries.push({
                key: p.name.getText(),
                value: ts.isStringLiteral(v) ? v.text : undefined,
                ref: ts.isPropertyAccessExpression(v) ? [v.expression.getText(), v.name.text] : undefined,
                doc: jsDoc(p, text),
              });
            }
            maps.set(node.name.text, { pkg: pkg.name, entries });
          }
        }
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'errorFactory') {
          const options = node.arguments[0];
          const input = options && ts.isObjectLiteralExpression(options) ? options.properties.find((p) => p.name?.getText() === 'input') : undefined;
          if (input && ts.isPropertyAssignment(input) && ts.isArrayLiteralExpression(input.initializer)) {
            for (const e of input.initializer.elements) if (ts.isPropertyAccessExpression(e)) inputRefs.push([e.expression.getText(), e.name.text]);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  const resolve = (ref, seen = 0) => {
    const entry = maps.get(ref[0])?.entries.find((e) => e.key === ref[1]);
    if (!entry || seen > 5) return undefined;
    return entry.value ?? (entry.ref ? resolve(entry.ref, seen + 1) : undefined);
  };
  const input = new Set([...SHARED_INPUT, ...inputRefs.map((r) => resolve(r)).filter(Boolean)]);
  const rows = [];
  for (const [mapName, { pkg, entries }] of maps) {
    for (const entry of entries) {
      const code = entry.value ?? resolve(entry.ref);
      rows.push({ pkg, map: mapName, key: entry.key, code, shared: entry.value === undefined, doc: entry.doc, input: input.has(code) });
    }
  }
  return rows;
}

/** The markdown table: one row per code, at its owner (the package whose map spells the string). */
export function errorCodesTable(packages = FIRST_PARTY) {
  const rows = readCodeMaps(packages);
  const owned = rows.filter((r) => !r.shared && r.map !== 'PluginErrorCodes');
  const alsoIn = (code) => [...new Set(rows.filter((r) => r.shared && r.code === code).map((r) => `\`${r.map}.${r.key}\``))];
  const lines = ['| code | package | constant | bad input (exit 2) | meaning |', '|---|---|---|---|---|'];
  const order = new Map(packages.map((p, i) => [p.name, i]));
  owned.sort((a, b) => order.get(a.pkg) - order.get(b.pkg) || a.code.localeCompare(b.code));
  const seen = new Set();
  for (const r of owned) {
    if (seen.has(r.code)) continue;
    seen.add(r.code);
    const shared = alsoIn(r.code);
    const meaning = [r.doc, shared.length ? `Also ${shared.join(', ')}.` : ''].filter(Boolean).join(' ');
    lines.push(`| \`${r.code}\` | ${r.pkg} | \`${r.map}.${r.key}\` | ${r.input ? 'yes' : ''} | ${meaning.replace(/\|/g, '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}

export const TABLE_START = '<!-- error-codes-table: generated by scripts/error-codes-table.mjs; do not edit -->';
export const TABLE_END = '<!-- /error-codes-table -->';

/** docs/errors.md with its generated table replaced by `table`. */
export function withTable(doc, table) {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start === -1 || end === -1) return `${doc.trimEnd()}\n\n## All codes\n\n${TABLE_START}\n${table}${TABLE_END}\n`;
  return `${doc.slice(0, start + TABLE_START.length)}\n${table}${doc.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const table = errorCodesTable();
  if (process.argv.includes('--write')) {
    const path = join(repo, 'docs', 'errors.md');
    writeFileSync(path, withTable(readFileSync(path, 'utf8'), table));
  } else {
    process.stdout.write(table);
  }
}
