import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { QueryLimits } from '@webir/kit';

/**
 * Limits on a query's shape, checked before any subgraph is called and whether or not the caller
 * has a token, so one request cannot ask for millions of rows nor stall the gateway.
 *
 * Cost: each field costs 1 times the number of times it will be resolved. A field with `first`
 * multiplies what is under it by `first` (its default, 20, when not given); any other list multiplies
 * by an assumed 10, except the edges of a connection, already counted by the connection's `first`.
 * Every field is counted as often as it is asked for: each alias and each use of a fragment is
 * counted again. A root field costs ROOT_FIELD_COST more, the round trip to a subgraph and its
 * database that it is (1,000 aliases of `people(first: 20)` cost more than one `people(first: 500)`).
 *
 * Complexity (QUERY_TOO_COMPLEX, `extensions.limit` naming which): at most `maxAliases` aliased
 * fields and `maxRootFields` root fields; introspection (`__schema`, `__type`) at most once for
 * `__schema` and MAX_TYPE_FIELDS times for `__type`, lists nested at most MAX_INTROSPECTION_LISTS
 * deep with no list repeated in a path (`fields { type { fields … } } }` is refused), and at most
 * MAX_INTROSPECTION_DEPTH levels (the explorer's and GraphiQL's standard queries fit). An answer with
 * introspection is also refused when it exceeds `maxIntrospectionBytes` (server.ts).
 */
const ASSUMED_LIST_SIZE = 10;
const DEFAULT_PAGE = 20;
export const ROOT_FIELD_COST = 100;
const MAX_TYPE_FIELDS = 5;
const MAX_INTROSPECTION_LISTS = 3;
const MAX_INTROSPECTION_DEPTH = 20;
/** Fields the walk visits before it stops counting: fragments spread inside fragments can multiply. */
const MAX_VISITS = 50_000;

const INTROSPECTION_LISTS = new Set(['types', 'fields', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues', 'args', 'directives']);

export interface Shape {
  depth: number;
  cost: number;
  aliases: number;
  rootFields: number;
  introspection: {
    /** `__schema` fields, every alias counted. */
    schemaFields: number;
    /** `__type` fields, every alias counted. */
    typeFields: number;
    depth: number;
    /** The deepest nesting of introspection lists (`types { fields { args … } } }` is 3). */
    lists: number;
    /** A list asked for again inside itself, when one is. */
    repeatedList: string | null;
  };
  /** Fields visited; MAX_VISITS + 1 when the walk stopped early. */
  visits: number;
}

class TooManyVisits extends Error {}

export function measure(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): Shape {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const shape: Shape = { depth: 0, cost: 0, aliases: 0, rootFields: 0, introspection: { schemaFields: 0, typeFields: 0, depth: 0, lists: 0, repeatedList: null }, visits: 0 };
  try {
    if (root) walk(root, operation.selectionSet, 1, 1, false);
  } catch (error) {
    if (!(error instanceof TooManyVisits)) throw error;
  }
  return shape;

  function visit(node: FieldNode, depth: number): void {
    if (++shape.visits > MAX_VISITS) throw new TooManyVisits();
    if (node.alias) shape.aliases++;
    if (depth === 1) shape.rootFields++;
  }

  /** Every selection of a set, through inline fragments and fragment spreads. */
  function eachField(set: SelectionSetNode, type: GraphQLCompositeType | null, each: (field: FieldNode, type: GraphQLCompositeType | null) => void): void {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) each(selection, type);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined) : undefined;
        eachField(selection.selectionSet, on ?? type, each);
      } else {
        const fragment = fragments[selection.name.value];
        if (fragment) eachField(fragment.selectionSet, (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined) ?? type, each);
      }
    }
  }

  function walk(type: GraphQLCompositeType, set: SelectionSetNode, depth: number, multiplier: number, inConnection: boolean): void {
    eachField(set, type, (node, on) => field(on ?? type, node, depth, multiplier, inConnection));
  }

  function field(parent: GraphQLCompositeType, node: FieldNode, depth: number, multiplier: number, inConnection: boolean): void {
    visit(node, depth);
    const name = node.name.value;
    if (name === '__schema' || name === '__type') {
      if (name === '__schema') shape.introspection.schemaFields++;
      else shape.introspection.typeFields++;
      if (node.selectionSet) introspect(node.selectionSet, 1, 0, new Set());
      return;
    }
    if (name.startsWith('__')) return; // __typename: answered by the gateway, no cost
    shape.depth = Math.max(shape.depth, depth);
    shape.cost += multiplier + (depth === 1 ? ROOT_FIELD_COST : 0);
    if (!node.selectionSet || !(isObjectType(parent) || isInterfaceType(parent))) return;
    const definition = parent.getFields()[name];
    if (!definition) return;
    const firstArg = node.arguments?.find((a) => a.name.value === 'first');
    const hasFirst = definition.args.some((a) => a.name === 'first');
    let next = multiplier;
    if (hasFirst) next *= Math.max(1, Number(firstArg ? valueOf(firstArg.value) : DEFAULT_PAGE) || DEFAULT_PAGE);
    else if (isListType(getNullableType(definition.type)) && !inConnection) next *= ASSUMED_LIST_SIZE;
    const child = getNamedType(definition.type) as GraphQLCompositeType;
    walk(child, node.selectionSet, depth + 1, next, hasFirst);
  }

  /** Under `__schema`/`__type`: the introspection types' own shape, by their field names. */
  function introspect(set: SelectionSetNode, depth: number, lists: number, path: Set<string>): void {
    const { introspection } = shape;
    introspection.depth = Math.max(introspection.depth, depth);
    introspection.lists = Math.max(introspection.lists, lists);
    eachField(set, null, (node) => {
      visit(node, depth + 1);
      if (!node.selectionSet) return;
      const name = node.name.value;
      const isList = INTROSPECTION_LISTS.has(name);
      if (isList && path.has(name)) introspection.repeatedList ??= name;
      introspect(node.selectionSet, depth + 1, lists + (isList ? 1 : 0), isList ? new Set([...path, name]) : path);
    });
  }

  function valueOf(value: ValueNode): unknown {
    if (value.kind === Kind.VARIABLE) return variables[value.name.value];
    if (value.kind === Kind.INT) return Number(value.value);
    return undefined;
  }
}

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

function tooComplex(message: string, limit: string, max: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: QUERY_TOO_COMPLEX, limit, max, http: { status: 400 } } });
}

/** Throws the first limit the shape exceeds: complexity, then depth (QUERY_TOO_DEEP), then cost (QUERY_TOO_COSTLY). */
export function checkShape(shape: Shape, limits: QueryLimits): void {
  const { introspection } = shape;
  if (shape.visits > MAX_VISITS) throw tooComplex(`The query asks for more than ${MAX_VISITS} fields once its fragments are spread`, 'fields', MAX_VISITS);
  if (shape.aliases > limits.maxAliases) {
    throw tooComplex(`The query has ${shape.aliases} aliased fields; at most ${limits.maxAliases} are allowed`, 'aliases', limits.maxAliases);
  }
  if (shape.rootFields > limits.maxRootFields) {
    throw tooComplex(`The query asks for ${shape.rootFields} root fields; at most ${limits.maxRootFields} are allowed (send several requests)`, 'rootFields', limits.maxRootFields);
  }
  if (introspection.schemaFields > 1) throw tooComplex(`The query asks for __schema ${introspection.schemaFields} times; once is allowed`, 'introspection', 1);
  if (introspection.typeFields > MAX_TYPE_FIELDS) {
    throw tooComplex(`The query asks for __type ${introspection.typeFields} times; at most ${MAX_TYPE_FIELDS} are allowed`, 'introspection', MAX_TYPE_FIELDS);
  }
  if (introspection.repeatedList) {
    throw tooComplex(`The query asks for introspection's ${introspection.repeatedList} inside ${introspection.repeatedList}; once in a path is allowed`, 'introspection', 1);
  }
  if (introspection.lists > MAX_INTROSPECTION_LISTS) {
    throw tooComplex(`The query nests introspection lists ${introspection.lists} deep; at most ${MAX_INTROSPECTION_LISTS} are allowed`, 'introspectionDepth', MAX_INTROSPECTION_LISTS);
  }
  if (introspection.depth > MAX_INTROSPECTION_DEPTH) {
    throw tooComplex(`The query's introspection is ${introspection.depth} levels deep; at most ${MAX_INTROSPECTION_DEPTH} are allowed`, 'introspectionDepth', MAX_INTROSPECTION_DEPTH);
  }
  if (shape.depth > limits.maxDepth) {
    throw new GraphQLError(`The query is ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed`, {
      extensions: { code: 'QUERY_TOO_DEEP', http: { status: 400 } },
    });
  }
  if (shape.cost > limits.maxCost) {
    throw new GraphQLError(`The query would cost ${shape.cost}; at most ${limits.maxCost} is allowed (ask for smaller pages)`, {
      extensions: { code: 'QUERY_TOO_COSTLY', cost: shape.cost, http: { status: 400 } },
    });
  }
}

/** Whether an operation reads the schema (`__schema`, `__type`): its answer's size is checked too. */
export function hasIntrospection(shape: Shape): boolean {
  return shape.introspection.schemaFields + shape.introspection.typeFields > 0;
}
