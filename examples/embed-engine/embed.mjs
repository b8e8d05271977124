// A host of its own over @hop3/engine: deploy an app with an explicit plugin set, scale,
// restart, stop and destroy it, and print every engine event and every result as one JSON line.
//
//   node examples/embed-engine/embed.mjs [SOURCE_DIR]     (default: examples/python-wsgi)
//
// Settings come from the environment like the `hop3` CLI's: HOP3_ROOT, HOP3_HTTP_PORT… See README.md.
import { get } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasErrorCode, isHop3Error } from '@hop3/core';
import { createEngine, EngineErrorCodes } from '@hop3/engine';

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = resolve(process.argv[2] ?? resolve(here, '../python-wsgi'));
const app = 'embedded';

/** One line per fact: a host would update its own UI here instead. */
const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** GET `path` of the app through the proxy: nginx listens on loopback, the app's URL names the site. */
function through(url, path) {
  const { host, port } = new URL(url);
  return new Promise((done, fail) => {
    get({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      response.on('end', () => done({ status: response.statusCode, body }));
    }).on('error', fail);
  });
}

const engine = await createEngine({
  env: process.env, // HOP3_ROOT, HOP3_HTTP_PORT… (a bad HOP3_* value is refused here, naming it)
  plugins: {
    // Exactly these three plugins, resolved from this directory; no node_modules scan.
    plugins: ['hop3-plugin-builder-python', 'hop3-plugin-deployer-uwsgi', 'hop3-plugin-proxy-nginx'],
    discover: false,
    cwd: here,
  },
  log: { info: () => {}, debug: () => {}, warn: (message) => process.stderr.write(`warning: ${message}\n`) },
  onEvent: (event) => {
    if (event.type !== 'build:output') print({ event }); // pip's own lines are events too; left out here
  },
});

const report = await engine.loadPlugins();
print({ step: 'plugins', result: report.loaded.map((plugin) => plugin.name) });

try {
  const deployed = await engine.deploy({ sourceDir, appName: app, env: { APP_VERSION: 'embedded-1' } });
  print({ step: 'deploy', result: deployed });
  print({ step: 'get', result: await through(deployed.url, '/env') });
  print({ step: 'status', result: await engine.status({ app }) });
  print({ step: 'scale', result: await engine.scale({ app, absolute: { wsgi: 2 } }) });
  print({ step: 'restart', result: await engine.restart({ app }) });
  print({ step: 'get', result: await through(deployed.url, '/env') });
  print({ step: 'stop', result: await engine.stop({ app }) });
  print({ step: 'status', result: await engine.status({ app }) });
  print({ step: 'destroy', result: await engine.destroy({ app }) });
  print({ step: 'apps', result: await engine.apps() });
} catch (error) {
  // Every failure is a coded error: switch on the code, never on the message.
  if (hasErrorCode(error, EngineErrorCodes.healthGateFailed)) process.stderr.write('The new version did not answer; the old one (if any) keeps serving.\n');
  print({ error: isHop3Error(error) ? { code: error.code, message: error.message } : { code: 'UNEXPECTED', message: String(error) } });
  process.exitCode = 1;
} finally {
  // This demo leaves nothing running: stop the embedded nginx and uWSGI emperor of HOP3_ROOT.
  print({ step: 'server:stop', result: await engine.server.stop() });
}
