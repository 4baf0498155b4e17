import { GraphQLError } from 'graphql';

/**
 * The error codes every subgraph and the gateway answer with (DESIGN.md, "Requests").
 * A mutation that returns one of these has written nothing: stores raise them before
 * or inside the transaction, so the transaction rolls back.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RULE_VIOLATION';


/** One field that failed validation, named by its path in the input (e.g. "input.nationalId"). */
export interface Violation {
  field: string;
  message: string;
}

/** A domain error: stores throw it, resolvers let it through, clients read `extensions.code`. */
export class DomainError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    // Only UNAUTHENTICATED sets an HTTP status (401, for a request refused before execution). Any
    // other status on a subgraph's answer would make the gateway discard the answer as a failure
    // and replace the error's code: inside execution, GraphQL answers 200 with `errors`.
    const http = code === 'UNAUTHENTICATED' ? { http: { status: 401 } } : {};
    super(message, { extensions: { code, ...extensions, ...http } });
    this.code = code;
  }
}

export const unauthenticated = (message = 'Sign in first: this request carries no valid identity') =>
  new DomainError('UNAUTHENTICATED', message);

export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);

export const notFound = (what: string, id: string) =>
  new DomainError('NOT_FOUND', `${what} ${id} does not exist or is not visible to you`, { id });

export const conflict = (message: string, extensions: Record<string, unknown> = {}) =>
  new DomainError('CONFLICT', message, extensions);

/** A rule of ../shared/RULES.md refused the change; `rule` is its ID, e.g. "TN-7.1". */
export const ruleViolation = (rule: string, message: string, extensions: Record<string, unknown> = {}) =>
  new DomainError('RULE_VIOLATION', `${rule}: ${message}`, { rule, ...extensions });

/** Bad input: every violation found, not just the first, so a form can show them all at once. */
export const badInput = (violations: Violation[]) =>
  new DomainError(
    'BAD_USER_INPUT',
    violations.map((v) => `${v.field}: ${v.message}`).join('; '),
    { violations, field: violations[0]?.field },
  );

/** Collects violations while checking an input; `throwIfAny` raises them together. */
export class Violations {
  readonly list: Violation[] = [];
  add(field: string, message: string): this {
    this.list.push({ field, message });
    return this;
  }
  /** Runs a check returning an error message or null, recording a failure under `field`. */
  check(field: string, message: string | null | undefined): this {
    if (message) this.add(field, message);
    return this;
  }
  throwIfAny(): void {
    if (this.list.length) throw badInput(this.list);
  }
}
