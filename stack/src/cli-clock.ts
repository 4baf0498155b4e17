/**
 * The instant a command-line tool (`npm run jobs`, `npm run import:usage`) takes for "now": the
 * machine's clock, or WEBIR_NOW (an ISO instant) outside production, so that a test runs the tool on
 * its own clock and never on the day it happens to run. Refused in production: a purge dated ahead
 * would remove records before their time.
 */
export function cliNow(env: NodeJS.ProcessEnv = process.env): Date {
  const given = env.WEBIR_NOW;
  if (!given) return new Date();
  if (env.NODE_ENV === 'production') throw new Error('WEBIR_NOW is for tests: refused in production');
  const at = new Date(given);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(given) || Number.isNaN(at.getTime())) throw new Error(`WEBIR_NOW=${given}: not an ISO instant (e.g. 2026-11-16T10:00:00+08:00)`);
  return at;
}
