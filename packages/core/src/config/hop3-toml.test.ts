import { describe, expect, it } from 'vitest';
import { parseHop3Toml } from './hop3-toml.js';

/** `line path: message` for compact assertions. */
const problemsOf = (text: string): string[] =>
  parseHop3Toml(text).problems.map((problem) => `${problem.line ?? '-'} ${problem.path ?? ''}: ${problem.message}`);

const configOf = (text: string) => {
  const result = parseHop3Toml(text);
  expect(result.problems).toEqual([]);
  return result.config;
};

describe('parseHop3Toml: valid sections', () => {
  it('returns an empty contribution for an empty file', () => {
    expect(configOf('')).toEqual({ metadata: {}, build: {}, run: {}, workers: {}, hooks: {}, env: {}, addons: [], static: {}, docker: {}, tls: {} });
  });

  it('[metadata]', () => {
    const config = configOf(`[metadata]
id = "my-app"
name = "My app"
version = "1.2.0"
title = "T"
description = "D"
author = "A"
license = "MIT"
homepage = "https://example.com"
categories = ["web"]
tags = ["demo", "node"]
`);
    expect(config.metadata).toMatchObject({ id: 'my-app', version: '1.2.0', tags: ['demo', 'node'] });
  });

  it('[build] maps kebab-case keys and hook commands', () => {
    const config = configOf(`[build]
builder = "node"
toolchain = "node"
before-build = "npm ci"
build = ["npm run build", "npm run assets"]
after-build = "./post.sh"
packages = ["libpq-dev", "imagemagick", "nodejs=18.19.0-1"]
node-version = "20"
python-version = "3.12"
static-dir = "dist/public"
`);
    expect(config.build).toEqual({
      builder: 'node',
      toolchain: 'node',
      packages: ['libpq-dev', 'imagemagick', 'nodejs=18.19.0-1'],
      nodeVersion: '20',
      pythonVersion: '3.12',
      staticDir: 'dist/public',
    });
    expect(config.hooks).toEqual({
      prebuild: ['npm ci'],
      build: ['npm run build', 'npm run assets'],
      postbuild: ['./post.sh'],
    });
  });

  it('[build] system-site-packages is a boolean, refused as a string', () => {
    expect(configOf('[build]\nsystem-site-packages = true\n').build.systemSitePackages).toBe(true);
    const { problems } = parseHop3Toml('[build]\nsystem-site-packages = "yes"\n');
    expect(problems).toEqual([expect.objectContaining({ path: 'build.system-site-packages', line: 2, message: expect.stringContaining('true or false') })]);
  });

  it('[build] builder = "auto" means auto-detect', () => {
    expect(configOf('[build]\nbuilder = "auto"\n').build.builder).toBeUndefined();
  });

  it('[build] hook commands may span lines (they run with sh -c)', () => {
    expect(configOf('[build]\nbefore-build = """\nset -e\nnpm ci\n"""\n').hooks.prebuild).toEqual(['set -e\nnpm ci\n']);
  });

  it('[run] start is the web worker, before-run the prerun hook, workers the others', () => {
    const config = configOf(`[run]
start = "node server.js"
before-run = ["./migrate.sh", "./seed.sh"]
start-timeout = 90
packages = ["ffmpeg"]

[run.workers]
worker = "node worker.js"
cron = "*/5 * * * * node tick.js"
release = ["./a.sh", "./b.sh"]

[run.static]
"/assets" = "public/assets"
`);
    expect(config.workers).toEqual({
      web: 'node server.js',
      worker: 'node worker.js',
      cron: '*/5 * * * * node tick.js',
      release: './a.sh && ./b.sh',
    });
    expect(config.hooks).toEqual({ prerun: ['./migrate.sh', './seed.sh'] });
    expect(config.run).toEqual({ startTimeout: 90, packages: ['ffmpeg'] });
    expect(config.static).toEqual({ '/assets': 'public/assets' });
  });

  it('[tls] turns on ACME certificates and HTTPS only; anything but a boolean is refused', () => {
    expect(configOf('[tls]\nacme = true\nhttps-only = true\n').tls).toEqual({ acme: true, httpsOnly: true });
    expect(configOf('[tls]\nacme = false\n').tls).toEqual({ acme: false });
    expect(problemsOf('[tls]\nacme = "yes"\n')).toEqual(['2 tls.acme: must be true or false (a TOML boolean, without quotes)']);
    expect(problemsOf('[tls]\nhttp2 = true\n')[0]).toMatch(/^2 tls\.http2: unknown key \(allowed: acme, https-only\)/);
  });

  it('[run] deployer names the deployer; "auto" means deployers choose', () => {
    expect(configOf('[run]\ndeployer = "docker-compose"\n').run).toEqual({ deployer: 'docker-compose' });
    expect(configOf('[run]\ndeployer = "auto"\n').run.deployer).toBeUndefined();
    expect(problemsOf('[run]\ndeployer = "My Deployer"\n')).toEqual(['2 run.deployer: use a lowercase name such as "python", "node" or "docker"']);
  });

  it('[run] start given as a list is one command chained with &&', () => {
    expect(configOf('[run]\nstart = ["npm run migrate", "node server.js"]\n').workers).toEqual({
      web: 'npm run migrate && node server.js',
    });
  });

  it('[run.workers] may declare wsgi instead of start', () => {
    expect(configOf('[run.workers]\nwsgi = "app:app"\n').workers).toEqual({ wsgi: 'app:app' });
  });

  it('[env] turns scalars into strings', () => {
    const config = configOf(`[env]
NAME = "x"
PORT_OFFSET = 3
RATIO = 1.5
DEBUG = false
_PRIVATE = "y"
EMPTY = ""
SINCE = 1979-05-27
`);
    expect(config.env).toEqual({
      NAME: 'x',
      PORT_OFFSET: '3',
      RATIO: '1.5',
      DEBUG: 'false',
      _PRIVATE: 'y',
      EMPTY: '',
      SINCE: '1979-05-27',
    });
  });

  it('[[addons]] keeps type and name, other keys go to options', () => {
    const config = configOf(`[[addons]]
type = "postgres"
extensions = ["pgcrypto"]

[[addons]]
type = "redis"
name = "cache"
`);
    expect(config.addons).toEqual([
      { type: 'postgres', options: { extensions: ['pgcrypto'] } },
      { type: 'redis', name: 'cache', options: {} },
    ]);
  });

  it('[[addons]] allows two of a type when they are named', () => {
    const config = configOf('[[addons]]\ntype = "redis"\nname = "cache"\n[[addons]]\ntype = "redis"\nname = "queue"\n');
    expect(config.addons.map((addon) => addon.name)).toEqual(['cache', 'queue']);
  });

  it('[healthcheck] fills defaults for keys not given', () => {
    expect(configOf('[healthcheck]\npath = "/health"\ncontains = "ok"\nretries = 5\n').healthcheck).toEqual({
      path: '/health',
      contains: 'ok',
      interval: 1,
      retries: 5,
    });
    expect(configOf('[healthcheck]\ntimeout = 10\ninterval = 0.5\n').healthcheck).toEqual({
      path: '/',
      timeout: 10,
      interval: 0.5,
      retries: 3,
    });
  });

  it('[static] maps URL prefixes to app directories', () => {
    expect(configOf('[static]\n"/" = "dist"\n"/media/" = "./uploads"\n').static).toEqual({ '/': 'dist', '/media/': './uploads' });
  });

  it('leaves the healthcheck undefined when the section is absent', () => {
    expect(configOf('[env]\nA = "1"\n').healthcheck).toBeUndefined();
  });
});

describe('parseHop3Toml: problems', () => {
  it('reports a TOML syntax error with its line', () => {
    const [problem, ...rest] = parseHop3Toml('[build]\nbuilder = "node"\npackages = [\n\n[run]\nstart = = "x"\n').problems;
    expect(rest).toEqual([]);
    expect(problem?.file).toBe('hop3.toml');
    expect(problem?.message).toMatch(/^TOML syntax error: /);
    expect(problem?.line).toBeGreaterThanOrEqual(5);
    expect(parseHop3Toml('a = 1\n[b]\nc = = 2\n').problems).toEqual([
      { file: 'hop3.toml', line: 3, message: 'TOML syntax error: invalid value (column 5)' },
    ]);
  });

  it('rejects an unknown section, listing the allowed ones', () => {
    expect(problemsOf('[env]\nA = "1"\n\n[dokker]\nport = 1\n')).toEqual([
      '4 dokker: unknown section (allowed: metadata, build, run, env, addons, healthcheck, static, docker, tls); did you mean "docker"?',
    ]);
  });

  it('rejects an unknown top-level key as an unknown section', () => {
    expect(problemsOf('name = "x"\n')).toEqual([
      '1 name: unknown section (allowed: metadata, build, run, env, addons, healthcheck, static, docker, tls)',
    ]);
  });

  it('[docker] maps kebab-case keys and refuses bad values, naming each', () => {
    const toml = '[docker]\nmode = "compose"\nweb-service = "app"\nport = 3000\nkeep-images = 3\ndrain = 0.5\n[docker.build-args]\nNODE_VERSION = 20\n';
    expect(configOf(toml).docker).toEqual({ mode: 'compose', webService: 'app', port: 3000, keepImages: 3, drain: 0.5, buildArgs: { NODE_VERSION: '20' } });
    expect(problemsOf('[docker]\nmode = "kubernetes"\nport = 70000\nkeep-images = 0\nnetwork = "overlay"\n')).toEqual([
      '2 docker.mode: must be "containers", "compose" or "swarm"',
      '3 docker.port: must be a port number (1-65535)',
      '4 docker.keep-images: must be 1 or more (the running release is always kept)',
      '5 docker.network: must be "auto", "bridge" or "host"',
    ]);
  });

  it('rejects an unknown key with the allowed keys and a near-miss hint', () => {
    expect(problemsOf('[build]\nbilder = "node"\n')).toEqual([
      '2 build.bilder: unknown key (allowed: builder, toolchain, before-build, build, after-build, packages, node-version, python-version, static-dir, system-site-packages); did you mean "builder"?',
    ]);
    expect(problemsOf('[run]\nstart_timeout = 5\n')[0]).toMatch(/^2 run.start_timeout: unknown key \(allowed: .*\); did you mean "start-timeout"\?$/);
    expect(problemsOf('[healthcheck]\nurl = "/"\n')).toEqual([
      '2 healthcheck.url: unknown key (allowed: path, contains, timeout, interval, retries)',
    ]);
  });

  it('treats names of Object.prototype members as unknown keys, and refuses __proto__ in [env]', () => {
    expect(problemsOf('[build]\nconstructor = 1\n')[0]).toMatch(/^2 build.constructor: unknown key \(allowed: /);
    expect(problemsOf('[env]\n__proto__ = "x"\n')).toEqual(['2 env.__proto__: this name cannot be used as a variable name']);
  });

  it('rejects a section that is not a table', () => {
    expect(problemsOf('build = "node"\n')).toEqual(['1 build: expected a table, got a string ("node")']);
  });

  it('[metadata] bad values', () => {
    expect(problemsOf('[metadata]\nid = "My_App"\nversion = 1.0\ntags = "x"\n')).toEqual([
      '2 metadata.id: use 2-64 lowercase letters, digits and "-", starting with a letter',
      '3 metadata.version: expected a string, got a number (1)',
      '4 metadata.tags: expected a list, got a string ("x")',
    ]);
  });

  it('[build] bad values', () => {
    expect(
      problemsOf(`[build]
builder = "My Builder"
before-build = 3
build = []
after-build = ["ok", ""]
packages = ["Bad Name"]
node-version = 20
python-version = "3.12; rm -rf /"
static-dir = "/var/www"
`),
    ).toEqual([
      '2 build.builder: use a lowercase name such as "python", "node" or "docker"',
      '3 build.before-build: expected a command: a string or a list of strings',
      '4 build.build: the list of commands is empty',
      '5 build.after-build.1: empty command',
      '6 build.packages.0: not a Debian package name (lowercase letters, digits, "+", "-", "."; e.g. "libpq-dev")',
      '7 build.node-version: write the version as a string (e.g. "3.12"): as a number 3.10 would become 3.1',
      '8 build.python-version: not a version (e.g. "20", "3.12", "lts/iron")',
      '9 build.static-dir: "/var/www" must be relative to the app\'s source directory (e.g. "public")',
    ]);
  });

  it('timeouts of more than a day', () => {
    expect(problemsOf('[run]\nstart-timeout = 1e12\n\n[healthcheck]\ntimeout = 86401\n')).toEqual([
      '2 run.start-timeout: must be at most 86400 seconds (a day)',
      '5 healthcheck.timeout: must be at most 86400 seconds (a day)',
    ]);
  });

  it('[run] bad values', () => {
    expect(
      problemsOf(`[run]
start = ""
start-timeout = 0
before-run = "   "
packages = "ffmpeg"
`),
    ).toEqual([
      '2 run.start: empty command',
      '3 run.start-timeout: must be a number of seconds above 0',
      '4 run.before-run: empty command',
      '5 run.packages: expected a list, got a string ("ffmpeg")',
    ]);
  });

  it('[run.workers] bad kinds and commands; valid keys next to them still checked', () => {
    expect(
      problemsOf(`[run]
start-timeout = "soon"

[run.workers]
Worker = "x"
prebuild = "npm ci"
prerun = "./migrate"
cron = "* * *"
clock = "line one\\nline two"
`),
    ).toEqual([
      '2 run.start-timeout: expected a number, got a string ("soon")',
      '5 run.workers.Worker: "Worker" is not a valid kind: use lowercase letters, digits, "-" and "_", starting with a letter (e.g. "web", "worker")',
      '6 run.workers.prebuild: "prebuild" is a build hook, not a worker: set build.before-build instead',
      '7 run.workers.prerun: "prerun" is a build hook, not a worker: set run.before-run instead',
      '8 run.workers.cron: malformed cron line: "* * *" is not "minute hour day-of-month month day-of-week command" (e.g. "*/5 * * * * ./job.sh")',
      '9 run.workers.clock: the command for "clock" must be on one line',
    ]);
  });

  it('refuses two web processes in hop3.toml', () => {
    expect(problemsOf('[run]\nstart = "node ."\n\n[run.workers]\nweb = "node other.js"\n')).toEqual([
      '5 run.workers.web: the web process is already set by run.start: keep one of them',
    ]);
    expect(problemsOf('[run]\nstart = "gunicorn app:app"\nworkers = { wsgi = "app:app" }\n')).toEqual([
      '3 run.workers.wsgi: both "web" (run.start) and "wsgi" (run.workers.wsgi) declare the web process: keep only one — "web" to run a command that listens on $PORT, or "wsgi" to have uWSGI load a Python WSGI module',
    ]);
  });

  it('[env] rejects tables, lists, bad names, newlines and NUL', () => {
    expect(
      problemsOf(`[env]
OK = "fine"
SECRET = { generate = "hex" }
HOSTS = ["a", "b"]
"1ST" = "x"
"MY-VAR" = "x"
MULTI = "a\\nb"
NUL = "a\\u0000b"
`),
    ).toEqual([
      '3 env.SECRET: got a table: env values must be strings, numbers or booleans (set secrets with "hop3 config set")',
      '4 env.HOSTS: got a list: env values must be strings, numbers or booleans (set secrets with "hop3 config set")',
      '5 env.1ST: not a valid variable name: use letters, digits and "_", not starting with a digit',
      '6 env.MY-VAR: not a valid variable name: use letters, digits and "_", not starting with a digit',
      '7 env.MULTI: value must be on one line (it is written into uWSGI and nginx config)',
      '8 env.NUL: value contains a NUL character',
    ]);
  });

  it('[env] rejects what uWSGI would expand or strip: $( @( %( and trailing blanks', () => {
    expect(
      problemsOf(`[env]
CMD = "$(whoami)"
FILE = "@(/etc/passwd)"
PAD = "value "
TAB = "value\\t"
SHELL = "\${HOME}/x and 50% off"
OPTION = "%(chdir)"
`),
    ).toEqual([
      expect.stringMatching(/^2 env\.CMD: value contains "\$\(", "@\(" or "%\("/),
      expect.stringMatching(/^3 env\.FILE: value contains "\$\(", "@\(" or "%\("/),
      '4 env.PAD: value ends with a blank (space or tab), which uWSGI would strip: remove it',
      '5 env.TAB: value ends with a blank (space or tab), which uWSGI would strip: remove it',
      expect.stringMatching(/^7 env\.OPTION: value contains "\$\(", "@\(" or "%\("/),
    ]);
  });

  it('[env] must be a table', () => {
    expect(problemsOf('env = ["A=1"]\n')).toEqual(['1 env: expected a table, got a list']);
  });

  it('[[addons]] requires a type and a safe name; duplicates are reported', () => {
    expect(
      problemsOf(`[[addons]]
type = "postgres"

[[addons]]
name = "cache"

[[addons]]
type = "Redis"
name = "My Cache"

[[addons]]
type = "postgres"

[[addons]]
type = "redis"
name = "cache"

[[addons]]
type = "redis"
name = "cache"
`),
    ).toEqual([
      '4 addons.1.type: missing (required)',
      '8 addons.2.type: use an addon type such as "postgres" or "redis"',
      '9 addons.2.name: not a safe name: use lowercase letters, digits and "-", start with a letter or digit, at most 63 characters',
      '11 addons.3: a second "postgres" addon without a name (first: addons.0): give each a distinct name',
      '20 addons.5.name: duplicate addon name "cache" (first: addons.4)',
    ]);
  });

  it('[[addons]] must be an array of tables', () => {
    expect(problemsOf('[addons]\ntype = "postgres"\n')).toEqual(['1 addons: expected a list, got a table']);
  });

  it('[healthcheck] bad values', () => {
    expect(
      problemsOf('[healthcheck]\npath = "health"\ncontains = ""\ntimeout = -1\ninterval = 0\nretries = 1.5\n'),
    ).toEqual([
      '2 healthcheck.path: must be a URL path starting with "/" (e.g. "/health")',
      '3 healthcheck.contains: must not be empty',
      '4 healthcheck.timeout: must be a number of seconds above 0',
      '5 healthcheck.interval: must be a number of seconds above 0',
      '6 healthcheck.retries: must be a whole number',
    ]);
  });

  it('[static] the same prefix in run.static and [static]', () => {
    expect(problemsOf('[run.static]\n"/a" = "public"\n\n[static]\n"/a" = "dist"\n"/b" = "x"\n')).toEqual([
      '5 static."/a": also set in run.static: keep one of them',
    ]);
  });

  it('[static] bad prefixes and paths', () => {
    expect(
      problemsOf(`[static]
"/a" = "dist"
"assets" = "public"
"/b c" = "x"
"/d" = "../etc"
"/e" = "dir with space"
`),
    ).toEqual([
      '3 static.assets: URL prefix "assets" must start with "/" (e.g. "/static")',
      '4 static."/b c": URL prefix "/b c" may only contain URL path characters (no spaces, quotes or braces)',
      '5 static."/d": "../etc" must stay inside the app: remove ".."',
      '6 static."/e": "dir with space" may not contain spaces, quotes, braces, "$", ";" or "\\"',
    ]);
  });

  it('collects problems from every section at once, each with its path and line', () => {
    const result = parseHop3Toml('[build]\nbilder = "x"\n\n[env]\nA = [1]\n\n[healthcheck]\nretries = -1\n\n[extras]\n', { source: 'hop3/hop3.toml' });
    expect(result.problems.map((problem) => [problem.file, problem.line, problem.path])).toEqual([
      ['hop3/hop3.toml', 2, 'build.bilder'],
      ['hop3/hop3.toml', 5, 'env.A'],
      ['hop3/hop3.toml', 8, 'healthcheck.retries'],
      ['hop3/hop3.toml', 10, 'extras'],
    ]);
  });
});
