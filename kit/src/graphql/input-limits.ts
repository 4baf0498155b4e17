import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  defaultFieldResolver,
  parse,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badInput, type Violation } from '../errors.ts';

/**
 * Maximum lengths of every string a caller sends (issue 11: a 300,000-character purpose was stored).
 * One mechanism for every subgraph: each field argument and input-object field of type String or ID
 * (or a list of them) gets a limit, checked on the coerced arguments before the field's resolver runs,
 * so a refused input writes nothing. The limit is SHORT_TEXT unless the subgraph's table of overrides,
 * keyed "InputType.field" or "ParentType.field(argument)", says otherwise (free text, a CSV upload).
 */
export const SHORT_TEXT = 200;
export const FREE_TEXT = 2_000;
/** A usage log sent through the API (the CLI takes larger files); the 1 MB request body limit comes first. */
export const CSV_UPLOAD = 1_000_000;

/** A page's cursor (`after`, `before`): opaque, made by the server, and longer for a keyset over several columns. */
export const CURSOR = 1_000;
const isCursorArgument = (name: string) => name === 'after' || name === 'before';

export type InputLimitOverrides = Readonly<Record<string, number>>;

/** One string input of a schema and its limit, as README's table lists it. */
export interface StringInputLimit {
  /** "InputType.field" or "ParentType.field(argument)". */
  key: string;
  type: string;
  max: number;
}

const isStringLike = (type: GraphQLInputType): boolean => {
  const named = getNamedType(type);
  return isScalarType(named) && (named.name === 'String' || named.name === 'ID');
};

/** Federation's own fields and types (`_entities`, `_service`, `_Any`) carry no caller input. */
const isFederationInternal = (name: string) => name.startsWith('_');

function rootTypes(schema: GraphQLSchema) {
  return Object.values(schema.getTypeMap()).filter(
    (t) => !t.name.startsWith('__') && !isFederationInternal(t.name),
  );
}

/** Every String/ID input of the schema with its limit, sorted by key; unknown override keys throw. */
export function stringInputLimits(schema: GraphQLSchema, overrides: InputLimitOverrides = {}): StringInputLimit[] {
  const found: StringInputLimit[] = [];
  const typeLabel = (type: GraphQLInputType) => String(getNullableType(type));
  for (const type of rootTypes(schema)) {
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (isFederationInternal(field.name)) continue;
        for (const arg of field.args) {
          if (!isStringLike(arg.type)) continue;
          const key = `${type.name}.${field.name}(${arg.name})`;
          found.push({ key, type: typeLabel(arg.type), max: overrides[key] ?? (isCursorArgument(arg.name) ? CURSOR : SHORT_TEXT) });
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!isStringLike(field.type)) continue;
        const key = `${type.name}.${field.name}`;
        found.push({ key, type: typeLabel(field.type), max: overrides[key] ?? SHORT_TEXT });
      }
    }
  }
  // A mistyped key would silently leave its field at the default: refuse it when the server starts.
  const known = new Set(found.map((f) => f.key));
  const unknown = Object.keys(overrides).filter((k) => !known.has(k));
  if (unknown.length) throw new Error(`Input limits name no String/ID input of this schema: ${unknown.join(', ')}`);
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

/** Characters as a person counts them (code points), computed only when the UTF-16 length could exceed. */
function tooLong(value: string, max: number): number | null {
  if (value.length <= max) return null;
  let count = 0;
  for (const _ of value) if (++count > max) break;
  return count > max ? [...value].length : null;
}

function checkValue(value: unknown, type: GraphQLInputType, path: string, limitOf: (key: string) => number, ownKey: string, out: Violation[]): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => checkValue(item, nullable.ofType as GraphQLInputType, `${path}[${i}]`, limitOf, ownKey, out));
    return;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return;
    for (const field of Object.values(nullable.getFields())) {
      const v = (value as Record<string, unknown>)[field.name];
      checkValue(v, field.type, `${path}.${field.name}`, limitOf, `${nullable.name}.${field.name}`, out);
    }
    return;
  }
  if (typeof value === 'string' && isStringLike(nullable)) {
    const max = limitOf(ownKey);
    const length = tooLong(value, max);
    if (length !== null) out.push({ field: path, message: `at most ${max} characters, got ${length}` });
  }
}

/** Whether an argument's type holds a string anywhere (directly, in a list or an input object). */
function holdsString(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === 'String' || named.name === 'ID';
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => holdsString(f.type, seen));
}

/**
 * Wraps every field that takes a string argument so its arguments are checked first: BAD_USER_INPUT
 * with `violations` (each `field` the argument's path, e.g. "input.purpose") and `field` the first.
 */
export function applyInputLimits(schema: GraphQLSchema, overrides: InputLimitOverrides = {}): GraphQLSchema {
  const limits = new Map(stringInputLimits(schema, overrides).map((l) => [l.key, l.max]));
  const limitOf = (key: string) => limits.get(key) ?? SHORT_TEXT;
  for (const type of rootTypes(schema)) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (isFederationInternal(field.name)) continue;
      const checked: GraphQLArgument[] = field.args.filter((a) => holdsString(a.type));
      if (!checked.length) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        const violations: Violation[] = [];
        for (const arg of checked) {
          checkValue(args[arg.name], arg.type, arg.name, limitOf, `${type.name}.${field.name}(${arg.name})`, violations);
        }
        if (violations.length) throw badInput(violations);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

/** The table of a subgraph's SDL as its server applies it (for README's list and its test). */
export function stringInputLimitsOf(typeDefs: string, overrides: InputLimitOverrides = {}): StringInputLimit[] {
  return stringInputLimits(buildSubgraphSchema({ typeDefs: parse(typeDefs) }), overrides);
}
