import { countProcesses, describeDeployer, requirePrograms } from '@hop3/testkit';
import { runCommand } from '@hop3/kit';
import plugin, { processPrefix, readDeployerSettings } from './index.js';

const PYTHON = '/usr/bin/python3';
const WSGI_APP = `def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'conformance ok']
`;

// The deployer protocol's conformance suite from @hop3/testkit, against a real uWSGI emperor
// (started by deploy(), stopped by the suite through the plugin's "uwsgi" service).
describeDeployer({
  plugin,
  strategy: 'uwsgi',
  env: () => {
    requirePrograms(['uwsgi', PYTHON], 'apt-get install uwsgi uwsgi-plugin-python3 python3-venv');
    return { HOP3_PYTHON: PYTHON };
  },
  app: { name: 'conform', files: { 'app.py': WSGI_APP }, config: { workers: { wsgi: 'app:application' } } },
  async artifact(context, runtime) {
    const venv = runtime.layout.app(context.appName).venv;
    await runCommand(PYTHON, ['-m', 'venv', venv]);
    return { kind: 'virtualenv', location: venv, metadata: {} };
  },
  answers: { contains: 'conformance ok' },
  scale: {
    kind: 'wsgi',
    // uWSGI workers carry the deployer's process title: "<tag>/<app>:<kind>:… uWSGI worker N".
    countProcesses: (context, runtime) => {
      const prefix = processPrefix(readDeployerSettings(runtime).processTag, context.appName, 'wsgi');
      return countProcesses((line) => line.startsWith(prefix) && line.includes('uWSGI worker'));
    },
  },
});
