import { buildSchema, getIntrospectionQuery, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@webir/kit';
import { checkShape, measure, ROOT_FIELD_COST } from '../src/limits.ts';

const schema = buildSchema(`
  type Query { me: Person! people(first: Int = 20): PersonConnection! }
  type PersonConnection { edges: [PersonEdge!]! }
  type PersonEdge { node: Person! }
  type Person { name: String! friends: [Person!]! }
`);

function shapeOf(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  return measure(schema, operation, fragments, variables);
}

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const PAGE = 'people(first: 20) { edges { node { name } } }';
const defaults = loadConfig({ WEBIR_DATA_KEY: 'x', WEBIR_GATEWAY_SECRET: 'y', WEBIR_DEV_TOKEN_SECRET: 'z' }).limits;

describe('the cost model', () => {
  it('counts every alias: n aliases of a page cost n times one', () => {
    const one = shapeOf(`{ ${PAGE} }`).cost;
    expect(one).toBe(ROOT_FIELD_COST + 1 + 20 * 3);
    expect(shapeOf(aliases(1000, PAGE)).cost).toBe(1000 * one);
  });

  it('counts a fragment each time it is spread', () => {
    const once = shapeOf(`{ ...F } fragment F on Query { a: ${PAGE} }`).cost;
    expect(shapeOf(`{ ...F ...G } fragment F on Query { a: ${PAGE} } fragment G on Query { b: ${PAGE} }`).cost).toBe(2 * once);
  });

  it('refuses 1,000 aliases of people(first: 20) on cost alone (QUERY_TOO_COSTLY), the alias limit lifted', () => {
    expect(() => checkShape(shapeOf(aliases(1000, PAGE)), { ...defaults, maxAliases: Infinity, maxRootFields: Infinity })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COSTLY' }) }),
    );
  });

  it('stops walking fragments that multiply (each spreading the next twice) and refuses the query', () => {
    const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Person { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const shape = shapeOf(`{ me { ...F0 } } ${fragments} fragment F30 on Person { name }`);
    expect(() => checkShape(shape, defaults)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'fields' }) }));
  });
});

describe('introspection limits', () => {
  it("admits GraphiQL's standard introspection query", () => {
    expect(() => checkShape(shapeOf(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true })), defaults)).not.toThrow();
  });

  it('refuses an ofType chain deeper than 20 levels', () => {
    const chain = (n: number): string => (n === 0 ? 'name' : `ofType { ${chain(n - 1)} }`);
    expect(() => checkShape(shapeOf(`{ __type(name: "Person") { ${chain(21)} } }`), defaults)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'introspectionDepth' }) }),
    );
  });
});

describe('configuration', () => {
  it('turns introspection off in production unless WEBIR_INTROSPECTION=true, on elsewhere', () => {
    const secrets = { WEBIR_DATA_KEY: 'x', WEBIR_GATEWAY_SECRET: 'y' };
    expect(loadConfig({ ...secrets, NODE_ENV: 'production' }).limits.introspection).toBe(false);
    expect(loadConfig({ ...secrets, NODE_ENV: 'production', WEBIR_INTROSPECTION: 'true' }).limits.introspection).toBe(true);
    expect(defaults.introspection).toBe(true);
    expect(defaults).toMatchObject({ maxDepth: 12, maxCost: 100_000, maxAliases: 20, maxRootFields: 15, maxIntrospectionBytes: 2_000_000 });
  });
});
