import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { issueDevToken } from '@webir/gateway';
import { getNamedType, isLeafType, isNonNullType, isObjectType, parse, type GraphQLField, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { gql, type GraphQLResponse } from './client.ts';
import type { TestStack } from './stack.ts';

/**
 * Every Query field of a subgraph, read from its own SDL: a field added later is covered by the
 * scoping tests without anyone listing it. Federation's own fields (_entities, _service) are left
 * out: _entities is reached through entity references, which the fields' selections include.
 */
export function subgraphSchema(name: string): GraphQLSchema {
  const sdl = readFileSync(new URL(`../../subgraphs/${name}/schema.graphql`, import.meta.url), 'utf8');
  return buildSubgraphSchema({ typeDefs: parse(sdl) });
}

export function queryFields(schema: GraphQLSchema): GraphQLField<unknown, unknown>[] {
  return Object.values(schema.getQueryType()!.getFields()).filter((f) => !f.name.startsWith('_'));
}

/**
 * A selection of everything the field answers to `depth` levels: leaves, and objects whose fields
 * need no arguments. Nested lists ask for 2 at most, to stay inside the gateway's cost limit.
 */
function selection(type: GraphQLNamedType, depth: number): string {
  if (isLeafType(type) || !isObjectType(type)) return '';
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.name.startsWith('_')) continue;
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    const args = field.args.some((a) => a.name === 'first') ? '(first: 2)' : '';
    if (isLeafType(named)) parts.push(field.name + args);
    else if (depth > 1) {
      const inner = selection(named, depth - 1);
      if (inner) parts.push(`${field.name}${args} { ${inner} }`);
    }
  }
  return parts.join(' ');
}

/** The query asking `field` with the given arguments (required ones come from the caller's table). */
export function queryOf(field: GraphQLField<unknown, unknown>, args: Record<string, unknown> = {}, depth = 3): { query: string; variables: Record<string, unknown> } {
  const declared = field.args.filter((a) => a.name in args);
  const varDefs = declared.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const argList = declared.map((a) => `${a.name}: $${a.name}`).join(', ');
  const inner = selection(getNamedType(field.type), depth);
  const query = `query${varDefs ? `(${varDefs})` : ''} { ${field.name}${argList ? `(${argList})` : ''}${inner ? ` { ${inner} }` : ''} }`;
  return { query, variables: Object.fromEntries(declared.map((a) => [a.name, args[a.name]])) };
}

/** Arguments each field requires (no default); a field missing from the table fails the test. */
export type RequiredArgs = Record<string, Record<string, unknown>>;

export function argsFor(field: GraphQLField<unknown, unknown>, table: RequiredArgs): Record<string, unknown> {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => a.name);
  const given = table[field.name] ?? {};
  const missing = required.filter((a) => !(a in given));
  if (missing.length) throw new Error(`Query.${field.name} needs ${missing.join(', ')}: add it to the test's table of required arguments`);
  return given;
}

/** A valid dev token whose subject is not in the directory. */
export const outsiderToken = (stack: TestStack, subject = 'nobody.outside') => issueDevToken(stack.config.devTokenSecret!, subject);

export const runAs = (stack: TestStack, token: string, q: { query: string; variables: Record<string, unknown> }): Promise<GraphQLResponse> =>
  gql(stack.gatewayUrl, q.query, q.variables, { token });

/** Every value of an answer that is a UUID: the records (and people, agencies) it discloses. */
export function uuidsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) found.add(value.toLowerCase());
  } else if (Array.isArray(value)) for (const v of value) uuidsIn(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) uuidsIn(v, found);
  return found;
}

/** Every string of an answer (names, numbers, CSV text), for a look for another city's words. */
export function stringsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, found);
  return found;
}

export interface ScopingSuite {
  /** The subgraph's folder name. */
  subgraph: string;
  /** Rule IDs the titles name, e.g. "TN-7.4". */
  rules: string;
  stack: () => TestStack;
  /** Arguments for the fields that require them (ids of the owners' records, so a leak would show). */
  required: () => RequiredArgs;
  /** A token of someone the directory holds as having left. */
  leaverToken: () => Promise<string>;
  /** Tokens of the readers who see the subgraph's records (their answers are what must not leak). */
  ownerTokens: () => Promise<string[]>;
  /** Ids seeded for the owners: they must see them, so the test has something to leak. */
  seeded: () => string[];
  /** Ids the outsiders may see of their own (their people and agencies): never counted as a leak. */
  theirOwn: () => string[];
  /** Who must see nothing of the owners' records: another city's (or regime's) people. */
  others: { name: string; token: () => Promise<string> }[];
  /** Fields kept to a role these others do not hold: they answer FORBIDDEN (every other field answers). */
  refusedToOthers: string[];
  /** How deep the selections go (3 unless told: connections need 4 to reach a node's references). */
  depth?: number;
}

/**
 * The scoping tests of one subgraph: every Query field of its SDL, asked by a valid token whose
 * subject is not in the directory and by someone who has left (both FORBIDDEN, nothing answered),
 * and by another city's people (nothing the owners see comes back to them).
 */
export function describeScoping(s: ScopingSuite, it: import('vitest').TestAPI, describe: import('vitest').SuiteAPI, expect: import('vitest').ExpectStatic): void {
  const fields = queryFields(subgraphSchema(s.subgraph));
  const ask = async (token: string, field: GraphQLField<unknown, unknown>) => runAs(s.stack(), token, queryOf(field, argsFor(field, s.required()), s.depth));
  const codesOf = (res: GraphQLResponse) => (res.errors ?? []).map((e) => e.extensions?.code);

  describe(`${s.rules} every Query field of ${s.subgraph} refuses whoever the directory does not hold`, () => {
    it.each(fields.map((f) => [f.name, f] as const))(`${s.rules} %s: a valid token whose subject is not in the directory is FORBIDDEN`, async (_, field) => {
      const res = await ask(await outsiderToken(s.stack()), field);
      expect(codesOf(res)).toEqual(['FORBIDDEN']);
      expect(uuidsIn(res.data).size).toBe(0);
    });

    it.each(fields.map((f) => [f.name, f] as const))(`${s.rules} %s: someone who has left is FORBIDDEN`, async (_, field) => {
      const res = await ask(await s.leaverToken(), field);
      expect(codesOf(res)).toEqual(['FORBIDDEN']);
      expect(uuidsIn(res.data).size).toBe(0);
    });
  });

  describe(`${s.rules} every Query field of ${s.subgraph} shows other cities nothing of its own`, () => {
    let memo: Set<string> | undefined;
    // Whatever the owners' readers see is theirs; none of it may reach the others.
    const ownersIds = async () => {
      if (memo) return memo;
      const seen = new Set<string>();
      for (const token of await s.ownerTokens()) {
        for (const field of fields) for (const id of uuidsIn((await ask(token, field)).data)) seen.add(id);
      }
      for (const id of s.theirOwn()) seen.delete(id);
      memo = seen;
      return seen;
    };

    it(`${s.rules} the owners' readers see the seeded records (so there is something to leak)`, async () => {
      const seen = await ownersIds();
      for (const id of s.seeded()) expect(seen.has(id), id).toBe(true);
    });

    it.each(fields.map((f) => [f.name, f] as const))(`${s.rules} %s: another city's people get nothing of it`, async (_, field) => {
      const owners = await ownersIds();
      for (const other of s.others) {
        const res = await ask(await other.token(), field);
        if (s.refusedToOthers.includes(field.name)) expect(codesOf(res), other.name).toEqual(['FORBIDDEN']);
        else expect(res.errors, `${other.name}: ${JSON.stringify(res.errors)}`).toBeUndefined();
        expect([...uuidsIn(res.data)].filter((id) => owners.has(id)), other.name).toEqual([]);
      }
    });
  });
}
