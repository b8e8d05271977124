import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Inside the repo, workspace packages resolve to their TypeScript sources through the
// `@hop3/source` export condition, so tests never need a build of their dependencies. Only that
// condition is added: extra ones (`import`) would be forwarded to Node and make CommonJS
// packages such as pg load their ESM builds.
const conditions = ['@hop3/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'packages/*/test/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
