import { mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMasterKey, loadConfig, type Config } from '@webir/kit';

/** A configuration with fresh secrets, nothing written to disk, nothing shared with `npm start`. */
export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({
    WEBIR_DATA_DIR: mkdtempSync(join(tmpdir(), 'webir-test-')),
    WEBIR_DATA_KEY: generateMasterKey(),
    WEBIR_GATEWAY_SECRET: randomBytes(32).toString('base64url'),
    WEBIR_DEV_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    ...env,
  });
}
