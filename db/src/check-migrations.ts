// CI: fails when the drizzle schema has changes no committed migration holds. drizzle-kit generates
// into a scratch copy of the migrations folder; any new file there means a migration is missing.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'webir-migrations-'));
try {
  cpSync(join(root, 'migrations'), join(scratch, 'migrations'), { recursive: true });
  const config = join(scratch, 'drizzle.config.mjs');
  writeFileSync(config, `export default { dialect: 'postgresql', schema: './src/schema/index.ts', out: ${JSON.stringify(relative(root, join(scratch, 'migrations')))} };\n`);
  // drizzle-kit reads paths relative to the working directory, so the config names them that way.
  const before = readdirSync(join(scratch, 'migrations')).length;
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', config], { cwd: root, stdio: 'pipe' });
  const after = readdirSync(join(scratch, 'migrations')).length;
  if (after !== before) {
    console.error('The drizzle schema has changes without a migration: run `npm run db:generate` and commit db/migrations');
    process.exit(1);
  }
  console.log('migrations match the schema');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
