import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { errorCodesTable, withTable } from '../../../scripts/error-codes-table.mjs';
import { describe, expect, it } from 'vitest';
import * as core from '@hop3/core';
import * as kit from '@hop3/kit';
import * as engine from '@hop3/engine';
import * as cli from '@hop3/cli';
import type { Hop3ErrorCode } from '@hop3/cli';
import * as python from 'hop3-plugin-builder-python';
import * as nodeBuilder from 'hop3-plugin-builder-node';
import * as uwsgi from 'hop3-plugin-deployer-uwsgi';
import * as nginx from 'hop3-plugin-proxy-nginx';
import * as postgres from 'hop3-plugin-addon-postgres';
import * as redis from 'hop3-plugin-addon-redis';
import * as debian from 'hop3-plugin-os-debian';
import * as docker from 'hop3-plugin-deployer-docker';
import * as create from 'create-hop3-plugin';

/**
 * Issue 9, "one error model": every first-party error code is in its package's exported map
 * (an `as const` object whose export name ends in `ErrorCodes`), follows the package's prefix,
 * means one thing, and every error the sources build takes its code from such a map. The union of
 * these maps is `Hop3ErrorCode`, exported by @hop3/cli.
 */
const repo = fileURLToPath(new URL('../../..', import.meta.url));

interface PackageCodes {
  name: string;
  dir: string;
  /** Codes this package owns start with it. Core and kit own the shared, unprefixed codes. */
  prefix: string;
  exports: Record<string, unknown>;
  /** False for a tool that is not part of a host (the scaffolder): its codes stay out of Hop3ErrorCode. */
  host?: boolean;
}

const PACKAGES: PackageCodes[] = [
  { name: '@hop3/core', dir: 'core', prefix: 'HOP3_', exports: core },
  { name: '@hop3/kit', dir: 'kit', prefix: 'HOP3_', exports: kit },
  { name: '@hop3/engine', dir: 'engine', prefix: 'HOP3_', exports: engine },
  { name: '@hop3/cli', dir: 'cli', prefix: 'HOP3_', exports: cli },
  { name: 'hop3-plugin-builder-python', dir: 'builder-python', prefix: 'HOP3_PYTHON_', exports: python },
  { name: 'hop3-plugin-builder-node', dir: 'builder-node', prefix: 'HOP3_NODE_', exports: nodeBuilder },
  { name: 'hop3-plugin-deployer-uwsgi', dir: 'deployer-uwsgi', prefix: 'HOP3_UWSGI_', exports: uwsgi },
  { name: 'hop3-plugin-proxy-nginx', dir: 'proxy-nginx', prefix: 'HOP3_NGINX_', exports: nginx },
  { name: 'hop3-plugin-addon-postgres', dir: 'addon-postgres', prefix: 'HOP3_POSTGRES_', exports: postgres },
  { name: 'hop3-plugin-addon-redis', dir: 'addon-redis', prefix: 'HOP3_REDIS_', exports: redis },
  { name: 'hop3-plugin-os-debian', dir: 'os-debian', prefix: 'HOP3_OS_', exports: debian },
  { name: 'hop3-plugin-deployer-docker', dir: 'deployer-docker', prefix: 'HOP3_DOCKER_', exports: docker },
  { name: 'create-hop3-plugin', dir: 'create-hop3-plugin', prefix: 'HOP3_CREATE_', exports: create, host: false },
];

/** The exported code maps of a package, by export name. */
function codeMaps(pkg: PackageCodes): Record<string, Record<string, string>> {
  return Object.fromEntries(Object.entries(pkg.exports).filter(([name, value]) => name.endsWith('ErrorCodes') && typeof value === 'object' && value !== null)) as Record<
    string,
    Record<string, string>
  >;
}

const MAPS = Object.assign({}, ...PACKAGES.map(codeMaps)) as Record<string, Record<string, string>>;
const codesOf = (pkg: PackageCodes): Set<string> => new Set(Object.values(codeMaps(pkg)).flatMap((map) => Object.values(map)));
/** Core's and kit's codes: any package may raise them (and list them in its own map) for the same condition. */
const SHARED = new Set([...codesOf(PACKAGES[0]!), ...codesOf(PACKAGES[1]!)]);
const ALL_CODES = new Set(PACKAGES.flatMap((pkg) => [...codesOf(pkg)]));

/** Callee -> index of the argument holding `{ code }`: the error class, Abort, and each package's factory. */
const ERROR_BUILDERS: Record<string, number> = {
  Hop3Error: 0,
  Abort: 1,
  PluginLoadError: 2,
  coreError: 0,
  kitError: 0,
  engineError: 0,
  cliError: 0,
  pythonError: 0,
  nodeError: 0,
  uwsgiError: 0,
  nginxError: 0,
  postgresError: 0,
  redisError: 0,
  debianError: 0,
  createError: 0,
};

/**
 * Sites that pass a code on rather than choose one; each caller's code is checked where it is
 * written (a map constant, see the scan below).
 */
const PASS_THROUGH: Record<string, string> = {
  'core/src/protocols/base-proxy.ts': "the proxy plugin's own invalid-static-path code",
  'core/src/selection/attempt.ts': 'the unknown-strategy error it adds a hint to',
  'core/src/errors/error-factory.ts': "the factory: its caller's code, typed as the package's union",
  'core/src/plugins/discovery/load-error.ts': "the loader's code for the phase",
  'core/src/plugins/discovery/load-one.ts': "a plugin's own coded error, kept when loading it fails",
  'core/src/plugins/plugin-manager.ts': "the loader's core code, kept when a deferred plugin fails on first use",
  'engine/src/plugin-set/recorded-plugin.ts': 'the unknown-strategy error it adds a hint to',
  'kit/src/fs/read-json-state.ts': "the caller's damaged-state code",
  'engine/src/deploy/preflight.ts': "a strategy's preflight refusal, kept under its own code",
};

function sourceFiles(dir: string): string[] {
  const root = join(repo, 'packages', dir, 'src');
  const files: string[] = [];
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(full);
    }
  };
  walk(root);
  return files;
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** Where a source builds an error whose code is not `SomeErrorCodes.name` (or is not in that map). */
function codesNotFromMaps(file: string, source: ts.SourceFile): Finding[] {
  const findings: Finding[] = [];
  const where = (node: ts.Node): Finding => ({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText().slice(0, 120) });
  const fromMap = (expr: ts.Expression): boolean => {
    if (ts.isParenthesizedExpression(expr)) return fromMap(expr.expression);
    if (ts.isConditionalExpression(expr)) return fromMap(expr.whenTrue) && fromMap(expr.whenFalse);
    if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) {
      const map = MAPS[expr.expression.text];
      return map !== undefined && typeof map[expr.name.text] === 'string';
    }
    return false;
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression)) {
      const index = ERROR_BUILDERS[node.expression.text];
      const options = index === undefined ? undefined : node.arguments?.[index];
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const property of options.properties) {
          if (property.name?.getText() !== 'code') continue;
          const ok = ts.isPropertyAssignment(property) && fromMap(property.initializer);
          if (!ok && !PASS_THROUGH[file]) findings.push(where(property));
        }
      } else if (options && index !== undefined && !ts.isSpreadElement(options)) {
        if (!PASS_THROUGH[file]) findings.push(where(node));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** String literals that spell a known code outside the maps that define it (a bare code compared or thrown). */
function bareCodes(file: string, source: ts.SourceFile): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) && /^HOP3_[A-Z0-9_]+$/.test(node.text)) {
      const inMap = ts.findAncestor(node, (n) => ts.isVariableDeclaration(n) && /ErrorCodes$/.test(n.name.getText()));
      const isCode = ALL_CODES.has(node.text) || (ts.isPropertyAssignment(node.parent) && node.parent.name.getText() === 'code');
      if (isCode && !inMap) findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.parent.getText().slice(0, 120) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function scan(check: (file: string, source: ts.SourceFile) => Finding[]): string[] {
  return PACKAGES.flatMap((pkg) =>
    sourceFiles(pkg.dir).flatMap((path) => {
      const file = relative(join(repo, 'packages'), path);
      const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      return check(file, source).map((f) => `${f.file}:${f.line}: ${f.text}`);
    }),
  );
}

describe('first-party error codes', () => {
  it.each(PACKAGES.map((pkg) => [pkg.name, pkg] as const))('%s exports its codes as HOP3_ maps with its prefix', (_name, pkg) => {
    const maps = codeMaps(pkg);
    expect(Object.keys(maps).length).toBeGreaterThan(0);
    for (const [mapName, map] of Object.entries(maps)) {
      expect(Object.isFrozen(map) || Object.keys(map).length > 0, mapName).toBe(true);
      for (const [key, code] of Object.entries(map)) {
        expect(code, `${mapName}.${key}`).toMatch(/^HOP3_[A-Z0-9]+(_[A-Z0-9]+)*$/);
        if (!SHARED.has(code)) expect(code.startsWith(pkg.prefix), `${mapName}.${key} = ${code} should start with ${pkg.prefix}`).toBe(true);
      }
    }
  });

  it('gives each code one owner: a string two packages define is a core or kit code', () => {
    const owners = new Map<string, string[]>();
    for (const pkg of PACKAGES) for (const code of codesOf(pkg)) owners.set(code, [...(owners.get(code) ?? []), pkg.name]);
    const clashes = [...owners].filter(([code, names]) => names.length > 1 && !SHARED.has(code));
    expect(clashes).toEqual([]);
    // Within one package, two keys naming the same string are one condition under two names.
    for (const pkg of PACKAGES) {
      for (const [mapName, map] of Object.entries(codeMaps(pkg))) {
        const values = Object.values(map);
        expect(new Set(values).size, `${mapName} has two keys for one code`).toBe(values.length);
      }
    }
  });

  it('builds every error in the sources with a code from a package map', () => {
    expect(scan(codesNotFromMaps)).toEqual([]);
  }, 30_000); // parses every source file: ~5 s on a loaded 2-core machine

  it('has no bare code string in the sources (comparisons and throws use the map constants)', () => {
    expect(scan(bareCodes)).toEqual([]);
  }, 30_000);

  it('is listed in docs/errors.md as scripts/error-codes-table.mjs prints it', () => {
    const doc = readFileSync(join(repo, 'docs', 'errors.md'), 'utf8');
    const table = errorCodesTable();
    for (const pkg of PACKAGES) for (const code of codesOf(pkg)) expect(table).toContain(`| \`${code}\` |`);
    expect(withTable(doc, table), 'run: node scripts/error-codes-table.mjs --write').toBe(doc);
  });

  it('has every map in Hop3ErrorCode, the union hosts switch on (checked by the compiler)', () => {
    type Values<M> = M[keyof M];
    // Each call compiles only if that map's codes are all members of Hop3ErrorCode.
    const inUnion = <C extends Hop3ErrorCode>(map: Record<string, C>): number => Object.keys(map).length;
    const counted = [
      inUnion<Values<typeof core.ErrorCodes>>(core.ErrorCodes),
      inUnion<Values<typeof kit.KitErrorCodes>>(kit.KitErrorCodes),
      inUnion<Values<typeof kit.RunErrorCodes>>(kit.RunErrorCodes),
      inUnion<Values<typeof engine.EngineErrorCodes>>(engine.EngineErrorCodes),
      inUnion<Values<typeof cli.CliErrorCodes>>(cli.CliErrorCodes),
      inUnion<Values<typeof python.PythonBuildErrorCodes>>(python.PythonBuildErrorCodes),
      inUnion<Values<typeof nodeBuilder.NodeBuildErrorCodes>>(nodeBuilder.NodeBuildErrorCodes),
      inUnion<Values<typeof uwsgi.UwsgiErrorCodes>>(uwsgi.UwsgiErrorCodes),
      inUnion<Values<typeof nginx.NginxErrorCodes>>(nginx.NginxErrorCodes),
      inUnion<Values<typeof postgres.PostgresErrorCodes>>(postgres.PostgresErrorCodes),
      inUnion<Values<typeof redis.RedisErrorCodes>>(redis.RedisErrorCodes),
      inUnion<Values<typeof debian.DebianErrorCodes>>(debian.DebianErrorCodes),
      inUnion<Values<typeof docker.DockerErrorCodes>>(docker.DockerErrorCodes),
    ].reduce((a, b) => a + b, 0);
    // ...and every exported map is among them (PluginErrorCodes is core's map under an old name).
    const maps = PACKAGES.filter((pkg) => pkg.host !== false).flatMap((pkg) => Object.entries(codeMaps(pkg)).filter(([name]) => name !== 'PluginErrorCodes'));
    expect(counted).toBe(maps.reduce((sum, [, map]) => sum + Object.keys(map).length, 0));
  });

  it('catches a code that is not from a map (the scan itself works)', () => {
    const text = "throw new Hop3Error({ code: 'HOP3_MADE_UP', message: 'x' });\nif (hasErrorCode(e, 'HOP3_COMMAND_TIMEOUT')) {}\nuwsgiError({ code: UwsgiErrorCodes.nope, message: 'x' });";
    const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    expect(codesNotFromMaps('x.ts', source).map((f) => f.line)).toEqual([1, 3]);
    expect(bareCodes('x.ts', source).map((f) => f.line)).toEqual([1, 2]);
  });
});
