import { createHash } from 'node:crypto';
import { unauthenticated } from '@webir/kit';

/**
 * TN-7.3: a session left alone is closed. The gateway remembers when each token was last used and
 * refuses it once it has been idle longer than the limit; a token never seen counts from when it was
 * issued. Held in this gateway's memory: behind a load balancer, use sticky sessions or keep the
 * limit as the IdP's token lifetime as well.
 */
export class SessionActivity {
  private readonly lastSeen = new Map<string, number>();

  constructor(
    private readonly idleMs: number,
    private readonly now: () => Date,
  ) {}

  touch(token: string, issuedAtSeconds: number): void {
    const key = createHash('sha256').update(token).digest('base64url');
    const now = this.now().getTime();
    // A token without an issue time starts its session when first used.
    const last = this.lastSeen.get(key) ?? (issuedAtSeconds ? issuedAtSeconds * 1000 : now);
    if (now - last > this.idleMs) {
      this.lastSeen.delete(key);
      const minutes = Math.round(this.idleMs / 60_000);
      const error = unauthenticated(`TN-7.3: the session was idle for more than ${minutes} minutes and is closed; sign in again`);
      Object.assign(error.extensions, { reason: 'SESSION_IDLE', rule: 'TN-7.3' });
      throw error;
    }
    this.lastSeen.set(key, now);
    if (this.lastSeen.size > 50_000) this.sweep(now);
  }

  private sweep(now: number): void {
    for (const [key, last] of this.lastSeen) if (now - last > this.idleMs) this.lastSeen.delete(key);
  }
}
