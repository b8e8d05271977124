import { describeBuilder, describeDeployer } from '@hop3/testkit';
// The worked example of docs/writing-a-plugin.md: a plain-JS third-party plugin, run through the
// suites exactly as its author would (it has no types: the import is checked at run time).
// @ts-expect-error -- plain JavaScript without declarations
import plugin from '../../../examples/hop3-plugin-static-site/index.js';

describeBuilder({
  plugin,
  strategy: 'static-site',
  accepts: [{ name: 'site', files: { 'index.html': '<h1>hello</h1>', 'about.html': 'about' } }],
  refuses: [
    { name: 'empty', files: {} },
    { name: 'python-app', files: { 'index.html': '<h1>hi</h1>', 'requirements.txt': 'flask\n' } },
  ],
  artifactKind: 'static',
});

describeDeployer({
  plugin,
  strategy: 'static-site',
  app: { name: 'site', files: { 'index.html': '<h1>hello</h1>' } },
  artifact: (context) => ({ kind: 'static', location: context.sourcePath, metadata: {} }),
});
