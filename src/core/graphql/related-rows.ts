import type { EntityClass, MetadataStorage } from '@mikro-orm/core';
import type DataLoader from 'dataloader';
import {
  getNamedType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { rowColumns, type ColumnMapping } from '../db/row-hydrator.js';
import type { Context } from './context.js';
import { primedValues } from './entity-rows.js';
import type { ListReads, RelatedReads } from './pagination/list-query.js';

/**
 * A to-one relation (a service's ministry, its latest round, a round's winning bid, a bid's
 * bidder…) whose row a list can read in its own statement: the relation's field declares it
 * with `@Extensions(readWithParent(…))`, and a list that sees the field selected under its
 * nodes reads the row as a JSON column of the page (`relatedReads`), so the page and every
 * relation under it are one statement instead of one per relation. The row reaches the field
 * through the request's loaders, primed with it, so the field's resolver, the seal rules and
 * the answer are the same whether the list read it or the loader does.
 */
export interface RelatedRow<T extends object = object> {
  entity: EntityClass<T>;
  table: string;
  /** The predicate that picks the related row: `self` is its table's alias, `parent` the parent row's. */
  where: (parent: string, self: string) => string;
  /** When several rows could match, which one is the relation's (the first in this order). */
  orderBy?: (self: string) => string;
  /**
   * A relation that is not by id has a loader of its own, by the parent's id: its name in the
   * request's loaders and the parent's table (`relatedLoader`). A relation by id
   * (`relationById`) has none: reading its row primes the request's by-id loader.
   */
  loader?: { name: string; parentTable: string };
}

const EXTENSION = 'relatedRow';

/** The field extension (`@Extensions(readWithParent(spec))`) that lets a list read this relation's row. */
export function readWithParent<T extends object>(spec: RelatedRow<T>): Record<string, unknown> {
  return { [EXTENSION]: spec };
}

/** A relation to the row whose id the parent holds in `column` (the parent's by-id loader serves it otherwise). */
export function relationById<T extends object>(entity: EntityClass<T>, table: string, column: string): RelatedRow<T> {
  return { entity, table, where: (parent, self) => `${self}.id = ${parent}.${column}` };
}

/**
 * The request's loader of a keyed relation by parent id: one statement for a batch of parents,
 * reading each parent's row by the same SQL a list reads it with. A list that read the rows
 * has primed it already.
 */
export function relatedLoader<T extends object>(ctx: Context, spec: RelatedRow<T>): DataLoader<number, T | null> {
  const { name, parentTable } = spec.loader!;
  return ctx.loaders.get<number, T | null>(name, async (parentIds) => {
    const knex = ctx.db.knex;
    const rows = (await knex(`${parentTable} as _p`)
      .select('_p.id as _parent', knex.raw(`${rowJson(ctx, { spec, children: [] }, '_p', 1)} as _row`))
      .whereIn('_p.id', parentIds as number[])) as { _parent: number; _row: unknown }[];
    const hydrate = primedValues(ctx, spec.entity);
    const byParent = new Map<number, T | null>();
    for (const row of rows) {
      const values = parsed(row._row);
      byParent.set(Number(row._parent), values ? hydrate(values) : null);
    }
    return parentIds.map((id) => byParent.get(id) ?? null);
  });
}

/** A relation selected under a list's nodes, with the relations selected under it. */
interface Selected {
  spec: RelatedRow;
  children: Selected[];
}

/**
 * The relations a connection's nodes select (through `nodes` or `edges { node }`, fragments
 * included), for the list resolver that `info` belongs to; null when none can be read with
 * the page. A field under a `@skip`/`@include` is read anyway: reading a row the answer
 * leaves out costs a little time and changes nothing.
 */
export function relatedReads(ctx: Context, info: GraphQLResolveInfo): RelatedReads | null {
  const connection = getNamedType(info.returnType);
  if (!isObjectType(connection)) return null;
  const nodesField = connection.getFields().nodes;
  const nodeType = nodesField ? getNamedType(nodesField.type) : null;
  if (!nodeType || !isObjectType(nodeType)) return null;
  const fields = subfields(info, info.fieldNodes);
  const nodes = [...(fields.get('nodes') ?? [])];
  for (const edge of fields.get('edges') ?? []) nodes.push(...(subfields(info, [edge]).get('node') ?? []));
  const selected = relationsUnder(info, nodeType, nodes);
  if (selected.length === 0) return null;
  const metadata = ctx.em.getMetadata();
  const hydrators = new Map<object, (values: readonly unknown[]) => object>();
  const hydrate = (entity: EntityClass<object>, values: readonly unknown[]) => {
    let h = hydrators.get(entity);
    if (!h) hydrators.set(entity, (h = primedValues(ctx, entity)));
    return h(values);
  };
  const give = (node: Selected, parent: { id: number }, value: unknown): void => {
    const values = parsed(value);
    const { spec } = node;
    let row: object | null = null;
    if (values) {
      // A row the request holds already (a service's ministry, read once per page) is kept.
      const id = Number(values[idIndex(metadata, spec.entity)]);
      row = (!spec.loader && ctx.loaders.known<object>(spec.entity.name, id)) || hydrate(spec.entity, values);
    }
    if (spec.loader) relatedLoader(ctx, spec).prime(parent.id, row);
    if (values && row) {
      const width = rowColumns(metadata, spec.entity).length;
      node.children.forEach((child, i) => give(child, row as { id: number }, values[width + i]));
    }
  };
  return {
    columns: (parentAlias) => selected.map((node) => rowJson(ctx, node, parentAlias, 1)),
    apply: (parent, values) => selected.forEach((node, i) => give(node, parent, values[i])),
  };
}

/** What the connection `info` resolves reads beside its page's rows: its relations' rows and its count (`fetchPage`). */
export function listReads(ctx: Context, info: GraphQLResolveInfo): ListReads {
  return { related: relatedReads(ctx, info), totalCount: selectsTotalCount(info) };
}

/** Whether the connection `info` resolves selects its `totalCount`. */
function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  return subfields(info, info.fieldNodes).has('totalCount');
}

/**
 * The relations selected under `fieldNodes` of `type`. Fields that need the same row (an
 * evaluation's `tender`, `exitAssessment` and `exitCriteriaMet`) read it once.
 */
function relationsUnder(info: GraphQLResolveInfo, type: GraphQLObjectType, fieldNodes: readonly FieldNode[]): Selected[] {
  const bySpec = new Map<RelatedRow, Selected>();
  const fields = type.getFields();
  for (const [name, nodes] of subfields(info, fieldNodes)) {
    const field = fields[name];
    const spec = field?.extensions?.[EXTENSION] as RelatedRow | undefined;
    if (!spec || field.args.length > 0) continue;
    const target = getNamedType(field.type);
    const children = isObjectType(target) ? relationsUnder(info, target, nodes) : [];
    const seen = bySpec.get(spec);
    if (seen) seen.children.push(...children.filter((c) => !seen.children.some((s) => s.spec === c.spec)));
    else bySpec.set(spec, { spec, children });
  }
  return [...bySpec.values()];
}

/** The fields selected under `nodes`, by name (aliases and fragments merged). */
function subfields(info: GraphQLResolveInfo, nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
  const byName = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode | undefined, spread: Set<string>) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        byName.set(name, [...(byName.get(name) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, spread);
      } else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet, spread);
      }
    }
  };
  for (const node of nodes) visit(node.selectionSet, new Set());
  return byName;
}

/**
 * A scalar subquery giving the related row as one JSON array: its columns in the order of
 * `rowColumns` (what a positional row hydrator reads), then the rows of the relations selected
 * under it. Each nesting level has its own alias (`_r1`, `_r2`…), so a level names its parent's.
 */
function rowJson(ctx: Context, node: Selected, parentAlias: string, depth: number): string {
  const { spec } = node;
  const self = `_r${depth}`;
  const sqlite = ctx.db.dialect === 'sqlite';
  const members: string[] = [];
  for (const column of rowColumns(ctx.em.getMetadata(), spec.entity)) members.push(columnValue(column, self, sqlite));
  for (const child of node.children) {
    const nested = rowJson(ctx, child, self, depth + 1);
    // SQLite hands a subquery's JSON on as text; json() makes it JSON again.
    members.push(sqlite ? `json(${nested})` : nested);
  }
  // PostgreSQL takes at most 100 arguments to a function (SQLite 127).
  if (members.length > 100) throw new Error(`${spec.table} has too many columns to be read as one JSON array (${members.length})`);
  const object = `${sqlite ? 'json_array' : 'json_build_array'}(${members.join(', ')})`;
  const order = spec.orderBy ? ` ORDER BY ${spec.orderBy(self)}` : '';
  return `(SELECT ${object} FROM ${spec.table} ${self} WHERE ${spec.where(parentAlias, self)}${order} LIMIT 1)`;
}

/**
 * One column's value in the JSON. SQLite writes a double into JSON with 15 significant digits,
 * which can change it; its text with 17 reads back as the same double (the hydrator turns the
 * text into the number), so the row is the one a plain read gives.
 */
function columnValue(column: ColumnMapping, alias: string, sqlite: boolean): string {
  const sql = `${alias}."${column.column}"`;
  return sqlite && column.kind === 'double' ? `CASE WHEN ${sql} IS NULL THEN NULL ELSE printf('%!.17g', ${sql}) END` : sql;
}

/** SQLite gives the JSON as text; node-pg parses `json` columns itself. */
function parsed(value: unknown): unknown[] | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as unknown[];
}

function idIndex(metadata: MetadataStorage, entity: EntityClass<object>): number {
  return rowColumns(metadata, entity).findIndex((c) => c.column === 'id');
}
