import {
  getNamedType,
  getNullableType,
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

/**
 * Depth and cost limits: a query's shape is checked before any subgraph is called, so one request
 * cannot ask for millions of rows. Introspection fields (`__schema`, `__type`) are not counted.
 *
 * Cost: each field costs 1 times the number of times it will be resolved. A field with `first`
 * multiplies what is under it by `first` (its default, 20, when not given); any other list multiplies
 * by an assumed 10, except the edges of a connection, already counted by the connection's `first`.
 */
const ASSUMED_LIST_SIZE = 10;
const DEFAULT_PAGE = 20;

export interface Shape {
  depth: number;
  cost: number;
}

export function measure(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): Shape {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const shape: Shape = { depth: 0, cost: 0 };
  if (root) walk(root, operation.selectionSet, 1, 1, false);
  return shape;

  function walk(type: GraphQLCompositeType, set: SelectionSetNode, depth: number, multiplier: number, inConnection: boolean): void {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType) : type;
        walk(on ?? type, selection.selectionSet, depth, multiplier, inConnection);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (fragment) walk((schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType) ?? type, fragment.selectionSet, depth, multiplier, inConnection);
      } else {
        field(type, selection, depth, multiplier, inConnection);
      }
    }
  }

  function field(parent: GraphQLCompositeType, node: FieldNode, depth: number, multiplier: number, inConnection: boolean): void {
    if (node.name.value.startsWith('__')) return;
    shape.depth = Math.max(shape.depth, depth);
    shape.cost += multiplier;
    if (!node.selectionSet || !(isObjectType(parent) || isInterfaceType(parent))) return;
    const definition = parent.getFields()[node.name.value];
    if (!definition) return;
    const firstArg = node.arguments?.find((a) => a.name.value === 'first');
    const hasFirst = definition.args.some((a) => a.name === 'first');
    let next = multiplier;
    if (hasFirst) next *= Math.max(1, Number(firstArg ? valueOf(firstArg.value) : DEFAULT_PAGE) || DEFAULT_PAGE);
    else if (isListType(getNullableType(definition.type)) && !inConnection) next *= ASSUMED_LIST_SIZE;
    const child = getNamedType(definition.type) as GraphQLCompositeType;
    walk(child, node.selectionSet, depth + 1, next, hasFirst);
  }

  function valueOf(value: ValueNode): unknown {
    if (value.kind === Kind.VARIABLE) return variables[value.name.value];
    if (value.kind === Kind.INT) return Number(value.value);
    return undefined;
  }
}
