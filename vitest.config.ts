import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM builds; Apollo's packages load the CJS one, so our code must too,
    // or the schema's types fail graphql's instanceof checks ("from another module or realm").
    // Node (tsx) already picks the CJS `main`; Vite would pick the ESM `module` without this.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.data/**'],
    // Integration files start a database and the whole graph; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
