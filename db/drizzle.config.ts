import { defineConfig } from 'drizzle-kit';

// Generation needs no database: drizzle-kit diffs the TypeScript schema against migrations/meta.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
});
