import { createHash } from 'node:crypto';
import { unauthenticated } from '@webir/kit';

/**
 * TN-7.3: a session left alone is closed. A session is one bearer token, known by the SHA-256 of
 * the token itself: stable for as long as the token is, present in every token, and not something the
 * token's claims can change (a token without `iat` or `jti` is tracked the same way). The gateway
 * remembers when each token was last used and refuses it once it has been idle longer than the
 * limit; a token never seen counts from when it was issued, or from its first use when it does not
 * say. A closed session stays closed until its token expires, so retrying a token does not reopen it.
 * Held in this gateway's memory: behind a load balancer, use sticky sessions or keep the limit as the
 * IdP's token lifetime as well.
 */
interface Session {
  lastUsed: number;
  closed: boolean;
  /** When the token expires (ms, real time): after that it is refused anyway and can be forgotten. */
  expiresAt: number;
}

export class SessionActivity {
  private readonly sessions = new Map<string, Session>();
  private lastSweep = 0;

  constructor(
    private readonly idleMs: number,
    private readonly now: () => Date,
  ) {}

  touch(token: string, issuedAtSeconds: number | undefined, expiresAtSeconds: number): void {
    const key = createHash('sha256').update(token).digest('base64url');
    const now = this.now().getTime();
    const session = this.sessions.get(key) ?? { lastUsed: issuedAtSeconds ? issuedAtSeconds * 1000 : now, closed: false, expiresAt: expiresAtSeconds * 1000 };
    if (session.closed || now - session.lastUsed > this.idleMs) {
      session.closed = true;
      this.sessions.set(key, session);
      const minutes = Math.round(this.idleMs / 60_000);
      const error = unauthenticated(`TN-7.3: the session was idle for more than ${minutes} minutes and is closed; sign in again`);
      Object.assign(error.extensions, { reason: 'SESSION_IDLE', rule: 'TN-7.3' });
      throw error;
    }
    session.lastUsed = now;
    this.sessions.set(key, session);
    if (this.sessions.size > 50_000) this.sweep();
  }

  /** Forgets sessions whose token has expired (the token check refuses them; expiry is real time). */
  private sweep(): void {
    const now = Date.now();
    if (now - this.lastSweep < 60_000) return; // at most once a minute, however many sessions are live
    this.lastSweep = now;
    for (const [key, session] of this.sessions) if (session.expiresAt < now) this.sessions.delete(key);
  }
}
