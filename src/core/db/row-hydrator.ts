import type { EntityClass, EntityMetadata, MetadataStorage } from '@mikro-orm/core';

/** How one column becomes one property. */
interface ColumnMapping {
  column: string;
  property: string;
  kind: 'plain' | 'instant' | 'boolean' | 'json' | 'reference' | 'bigint';
  /** For references: the prototype of the referenced entity. */
  target?: object;
}

const hydrators = new WeakMap<object, (row: Record<string, unknown>) => unknown>();

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
 * booleans and parsed JSON.
 */
export function rowHydrator<T extends object>(metadata: MetadataStorage, entity: EntityClass<T>): (row: Record<string, unknown>) => T {
  const meta = metadata.get(entity.name) as EntityMetadata<T>;
  const cached = hydrators.get(meta);
  if (cached) return cached as (row: Record<string, unknown>) => T;
  const columns: ColumnMapping[] = [];
  {
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
                  : 'plain',
      });
    }
  }
  // MikroORM puts change-tracking setters for every column on the entity's prototype; the
  // first assignment would build its unit-of-work wrapper. A prototype in between with plain
  // writable slots makes assignments create own data properties instead: same class,
  // `instanceof` and getters, none of the tracking.
  const prototype = Object.create(meta.class.prototype) as T;
  for (const c of columns)
    Object.defineProperty(prototype, c.property, { value: undefined, writable: true, enumerable: false, configurable: true });
  const mapped = columns;
  const hydrate = (row: Record<string, unknown>): T => {
    const object = Object.create(prototype) as Record<string, unknown>;
    for (const c of mapped) {
      const value = row[c.column];
      if (value === null || value === undefined) {
        object[c.property] = null;
        continue;
      }
      switch (c.kind) {
        case 'instant':
          object[c.property] =
            value instanceof Date
              ? value
              : new Date(
                  typeof value === 'number'
                    ? value
                    : String(value)
                        .replace(' ', 'T')
                        .replace(/([+-]\d\d)$/, '$1:00'),
                );
          break;
        case 'boolean':
          object[c.property] = value === true || value === 1 || value === '1' || value === 't';
          break;
        case 'json':
          object[c.property] = typeof value === 'string' ? JSON.parse(value) : value;
          break;
        case 'bigint':
          object[c.property] = typeof value === 'string' ? Number(value) : value;
          break;
        case 'reference': {
          const stub = Object.create(c.target!) as { id: unknown };
          stub.id = value;
          object[c.property] = stub;
          break;
        }
        default:
          object[c.property] = value;
      }
    }
    return object as T;
  };
  hydrators.set(meta, hydrate);
  return hydrate;
}
