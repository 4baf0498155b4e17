import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { badInput, type Violation } from '../errors.ts';

/**
 * A NUL character (U+0000) is never valid in any text this graph takes: PostgreSQL cannot store it in
 * text, so it would fail at the INSERT. Refused here, for every argument and variable of every
 * operation, before any resolver runs: BAD_USER_INPUT naming where it was, nothing written.
 */
const MESSAGE = 'contains a NUL character (U+0000), which no text may contain';

function inVariables(value: unknown, path: string, found: Violation[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ field: path, message: MESSAGE });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => inVariables(v, `${path}[${i}]`, found));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) inVariables(v, path ? `${path}.${key}` : key, found);
  }
}

function inLiteral(node: ValueNode, path: string, found: Violation[]): void {
  if (node.kind === Kind.STRING) {
    if (node.value.includes('\u0000')) found.push({ field: path, message: MESSAGE });
  } else if (node.kind === Kind.LIST) {
    node.values.forEach((v, i) => inLiteral(v, `${path}[${i}]`, found));
  } else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) inLiteral(field.value, `${path}.${field.name.value}`, found);
  }
}

export function nulCharacterViolations(document: DocumentNode, variables: Record<string, unknown> | undefined): Violation[] {
  const found: Violation[] = [];
  inVariables(variables ?? {}, '', found);
  visit(document, {
    Argument: (node) => inLiteral(node.value, node.name.value, found),
    VariableDefinition: (node) => {
      if (node.defaultValue) inLiteral(node.defaultValue, node.variable.name.value, found);
    },
  });
  return found;
}

export function refuseNulCharacters<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const violations = nulCharacterViolations(document, request.variables);
          if (!violations.length) return;
          const error = badInput(violations);
          // Refused before execution: a 4xx, which the gateway passes through with its code (a 5xx
          // it would report as the subgraph's failure).
          Object.assign(error.extensions, { http: { status: 400 } });
          throw error;
        },
      };
    },
  };
}
