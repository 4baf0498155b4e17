// `npm run token -- <persona>` prints a demo persona's token as its last line;
// `npm run token` alone lists the personas, one name a line.
import { issueDevToken } from '@webir/gateway';
import { loadConfig } from '@webir/kit';
import { demoPersonas } from './demo/index.ts';

const persona = process.argv[2];
const personas = demoPersonas();
if (!persona) {
  for (const p of personas) console.log(p.persona);
  process.exit(0);
}
const config = loadConfig();
if (!config.devTokenSecret) {
  console.error('Demo tokens do not exist in production: sign in through the identity provider');
  process.exit(1);
}
const chosen = personas.find((p) => p.persona === persona);
if (!chosen) {
  console.error(`No persona ${persona}. The personas are: ${personas.map((p) => p.persona).join(', ')}`);
  process.exit(2);
}
const account = chosen.account;
console.error(`${chosen.persona}: ${chosen.description} (MyEGov account ${account}); valid 8 hours. Send it as: Authorization: Bearer <token>`);
console.log(await issueDevToken(config.devTokenSecret, account));
