import type { EntityClass, EntityMetadata, MetadataStorage } from '@mikro-orm/core';

/** How one column becomes one property. */
export interface ColumnMapping {
  column: string;
  property: string;
  kind: 'plain' | 'instant' | 'boolean' | 'json' | 'reference' | 'bigint' | 'double';
  /** For references: the prototype of the referenced entity. */
  target?: object;
}

const hydrators = new WeakMap<object, (row: Record<string, unknown>) => unknown>();

/** The columns a row of `entity` is read from (every stored property, in the entity's order), and how each is read. */
export function rowColumns(metadata: MetadataStorage, entity: EntityClass<object>): readonly ColumnMapping[] {
  const meta = metadata.get(entity.name) as EntityMetadata<object>;
  let columns = columnsByEntity.get(meta);
  if (columns) return columns;
  columns = [];
  for (const prop of meta.props) {
    if (prop.persist === false || !prop.fieldNames?.length) continue;
    const type = String(prop.type).toLowerCase();
    if (prop.kind === 'm:1' || prop.kind === '1:1') {
      const target = metadata.get(prop.type).class.prototype as object;
      columns.push({ column: prop.fieldNames[0], property: prop.name, kind: 'reference', target });
      continue;
    }
    columns.push({
      column: prop.fieldNames[0],
      property: prop.name,
      kind:
        prop.runtimeType === 'Date'
          ? 'instant'
          : prop.runtimeType === 'boolean'
            ? 'boolean'
            : type === 'json' || type === 'jsontype'
              ? 'json'
              : type.includes('bigint')
                ? 'bigint'
                : type === 'double' || type === 'float' || type.includes('doubletype') || type.includes('floattype')
                  ? 'double'
                  : 'plain',
    });
  }
  columnsByEntity.set(meta, columns);
  return columns;
}

const columnsByEntity = new WeakMap<object, ColumnMapping[]>();

/**
 * Read-side rows become entity instances without the ORM's unit of work: the objects
 * resolvers read are never written back (writes load their own, managed entities inside
 * their transaction), so identity maps, change-set snapshots and hydrator dispatch would be
 * pure cost (MikroORM's `em.map` was a third of a dashboard request's CPU). A reference
 * (e.g. `tender.project`) becomes a stub holding only its id: resolvers follow it through
 * the request's loaders, never by reading its other fields.
 *
 * Both databases are read the same: SQLite gives instants as epoch milliseconds, booleans as
 * 0/1 and JSON as text; PostgreSQL gives timestamptz as text (as MikroORM configures node-pg),
 * booleans and parsed JSON. A number may also come as its text (a 64-bit integer from node-pg,
 * a double that core/graphql/related-rows.ts read through JSON).
 */
export function rowHydrator<T extends object>(metadata: MetadataStorage, entity: EntityClass<T>): (row: Record<string, unknown>) => T {
  const meta = metadata.get(entity.name) as EntityMetadata<T>;
  const cached = hydrators.get(meta);
  if (cached) return cached as (row: Record<string, unknown>) => T;
  const columns = rowColumns(metadata, entity);
  // MikroORM puts change-tracking setters for every column on the entity's prototype; the
  // first assignment would build its unit-of-work wrapper. A prototype in between with plain
  // writable slots makes assignments create own data properties instead: same class,
  // `instanceof` and getters, none of the tracking.
  const prototype = Object.create(meta.class.prototype) as T;
  for (const c of columns)
    Object.defineProperty(prototype, c.property, { value: undefined, writable: true, enumerable: false, configurable: true });
  const hydrate = (row: Record<string, unknown>): T => {
    const object = Object.create(prototype) as Record<string, unknown>;
    for (const c of columns) object[c.property] = readValue(c, row[c.column]);
    return object as T;
  };
  const fromValues = (values: readonly unknown[]): T => {
    const object = Object.create(prototype) as Record<string, unknown>;
    for (let i = 0; i < columns.length; i++) object[columns[i].property] = readValue(columns[i], values[i]);
    return object as T;
  };
  positionalHydrators.set(meta, fromValues);
  hydrators.set(meta, hydrate);
  return hydrate;
}

const positionalHydrators = new WeakMap<object, (values: readonly unknown[]) => unknown>();

/** `rowHydrator` for a row given as its values in the order of `rowColumns` (core/graphql/related-rows.ts reads rows so). */
export function positionalRowHydrator<T extends object>(
  metadata: MetadataStorage,
  entity: EntityClass<T>,
): (values: readonly unknown[]) => T {
  const meta = metadata.get(entity.name);
  if (!positionalHydrators.has(meta)) rowHydrator(metadata, entity);
  return positionalHydrators.get(meta) as (values: readonly unknown[]) => T;
}

/** One column's value as its property holds it. */
function readValue(c: ColumnMapping, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (c.kind) {
    case 'instant':
      return value instanceof Date
        ? value
        : new Date(
            typeof value === 'number'
              ? value
              : String(value)
                  .replace(' ', 'T')
                  .replace(/([+-]\d\d)$/, '$1:00'),
          );
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't';
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'bigint':
    case 'double':
      return typeof value === 'string' ? Number(value) : value;
    case 'reference': {
      const stub = Object.create(c.target!) as { id: unknown };
      stub.id = value;
      return stub;
    }
    default:
      return value;
  }
}
