import {
  getNamedType,
  getNullableType,
  isListType,
  isInterfaceType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../pagination/connection-args.js';

/** What an operation may cost at most, measured before anything runs. */
export interface QueryMeasure {
  /** Field resolutions in the worst case: each field × the page sizes of the lists around it. */
  cost: number;
  /** Objects returned in the worst case (list items, through every level). */
  nodes: number;
  /** Deepest field nesting (a connection adds two levels: `nodes`/`edges` and the item). */
  depth: number;
  aliases: number;
  directives: number;
  /** The document expands to more selections than are worth measuring. */
  expansionExceeded?: boolean;
}

/** Selections visited (fragments expanded) before a document counts as too complex. */
export const MAX_VISITS = 50_000;

/** Lists that are not connections (e.g. `byFiscalYear`, `qualityTargets`) are counted this long. */
export const UNPAGED_LIST_ESTIMATE = 20;

/**
 * Measures an operation against the schema: the "cost limit that counts connection
 * sizes (`first` × children)". Under a connection field, `nodes` and `edges` are lists of
 * its page size (`first`, `last`, or the default 20) and multiply everything below them;
 * `nodes(ids:)` multiplies by the number of ids; other lists count as 20 items. Cost is the
 * number of field resolutions in the worst case; nodes the number of list items returned.
 * Introspection (`__schema`, `__type`) is not counted: GraphiQL's own query must pass.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  maxVisits = MAX_VISITS,
): QueryMeasure {
  let visits = 0;
  const measure: QueryMeasure = { cost: 0, nodes: 0, depth: 0, aliases: 0, directives: 0 };
  const root = schema.getRootType(operation.operation);
  if (!root) return measure;
  measure.directives += operation.directives?.length ?? 0;

  const valueOf = (value: ValueNode): unknown => {
    switch (value.kind) {
      case Kind.VARIABLE:
        return variables[value.name.value];
      case Kind.INT:
        return Number(value.value);
      case Kind.LIST:
        return value.values.map(valueOf);
      default:
        return undefined;
    }
  };
  const argument = (node: FieldNode, name: string): unknown => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    return arg ? valueOf(arg.value) : undefined;
  };
  const pageSize = (node: FieldNode): number => {
    const first = argument(node, 'first');
    const last = argument(node, 'last');
    const size = typeof first === 'number' ? first : typeof last === 'number' ? last : DEFAULT_PAGE_SIZE;
    return Math.max(0, size);
  };

  const walk = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType,
    multiplier: number,
    depth: number,
    page: number | null,
    seen: Set<string>,
  ): void => {
    for (const selection of selectionSet.selections) {
      // Fragments spread into fragments can expand exponentially ("billion laughs"): a
      // document whose expansion alone exceeds the budget is too complex, whatever it asks.
      if (++visits > maxVisits) {
        measure.expansionExceeded = true;
        return;
      }
      measure.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? parent) : parent;
        walk(selection.selectionSet, type, multiplier, depth, page, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value) ?? parent;
        walk(fragment.selectionSet, type, multiplier, depth, page, new Set([...seen, fragment.name.value]));
        continue;
      }
      const name = selection.name.value;
      if (name === '__schema' || name === '__type' || name === '__typename') continue;
      if (selection.alias) measure.aliases++;
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      const fieldDepth = depth + 1;
      measure.depth = Math.max(measure.depth, fieldDepth);
      measure.cost += multiplier;
      if (!field || !selection.selectionSet) continue;
      const type = getNamedType(field.type);
      const isConnection = type.name.endsWith('Connection') && field.args.some((a) => a.name === 'first');
      if (isConnection) {
        walk(selection.selectionSet, type, multiplier, fieldDepth, pageSize(selection), seen);
        continue;
      }
      let size = 1;
      if (isListType(getNullableType(field.type))) {
        const ids = argument(selection, 'ids');
        size = page ?? (Array.isArray(ids) ? ids.length : UNPAGED_LIST_ESTIMATE);
        measure.nodes += multiplier * size;
      }
      // `edges { node }`: the edge list carries the page; `node` inside an edge is one.
      walk(selection.selectionSet, type, multiplier * size, fieldDepth, null, seen);
    }
  };
  walk(operation.selectionSet, root, 1, 0, null, new Set());
  return measure;
}
