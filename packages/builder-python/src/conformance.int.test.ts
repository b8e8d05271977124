import { fileURLToPath } from 'node:url';
import { describeBuilder } from '@hop3/testkit';
import plugin from './index.js';

// The builder protocol's conformance suite from @hop3/testkit, run against a real venv and pip
// (no package index: the example installs from its own wheels dir).
describeBuilder({
  plugin,
  strategy: 'python',
  env: { HOP3_PYTHON: '/usr/bin/python3', PIP_CONFIG_FILE: '/dev/null', PIP_NO_INDEX: '1' },
  accepts: [{ name: 'wheel', from: fileURLToPath(new URL('../../../examples/python-wheel', import.meta.url)) }],
  refuses: [{ name: 'html-only', files: { 'index.html': '<h1>no python here</h1>' } }],
  artifactKind: 'virtualenv',
});
