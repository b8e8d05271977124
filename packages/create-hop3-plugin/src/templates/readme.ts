import type { Kind } from '../options.js';
import type { Names } from './names.js';

export function readmeSource(n: Names, kinds: readonly Kind[]): string {
  const what: string[] = [];
  if (kinds.includes('builder')) what.push(`- builder \`${n.strategy}\`: accepts an app with an \`index.html\` and no server code;`);
  if (kinds.includes('deployer')) what.push(`- deployer \`${n.strategy}\`: serves \`static\` artifacts through the proxy, with no process;`);
  if (kinds.includes('addon')) what.push(`- addon \`${n.strategy}\`: a private directory per service (\`${n.upper}_DIR\`, \`${n.upper}_TOKEN\`), with backups;`);
  return `# ${n.packageName}

A [Hop3](https://github.com/hop3/hop3-node) plugin:

${what.join('\n')}

## Develop

\`\`\`sh
npm install
npm run build
npm test          # the @hop3/testkit conformance suites, for real
\`\`\`

Guides: [writing a plugin](https://github.com/hop3/hop3-node/blob/main/docs/writing-a-plugin.md),
[testing a plugin](https://github.com/hop3/hop3-node/blob/main/docs/testing-plugins.md).

## Use it with hop3

\`\`\`sh
npm run build
hop3 plugins install "$PWD"     # or, once published: hop3 plugins install ${n.packageName}
hop3 plugins                    # lists it with its strategies
\`\`\`

## Publish

1. \`npx changeset\` for each change (the bump and one line for the changelog);
2. \`npm run release\` builds, tests, bumps the version and publishes. From GitHub Actions, set
   \`NPM_CONFIG_PROVENANCE=true\` and give the job \`permissions: id-token: write\` so npm records
   where the package was built (provenance).
`;
}
