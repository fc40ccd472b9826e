/**
 * Global ids in tests, through the server's own encoding (src/core/graphql/global-id.ts), so
 * that no test depends on how ids are written: tests build the ids of rows they read with SQL,
 * and read the type and key of ids the API returned to look rows up. Clients must not do this.
 */
import { fromGlobalId, toGlobalId } from '../../src/core/graphql/global-id.js';

/** Global id of a row (PostgreSQL answers big keys as text, hence a string key too). */
export function gid(typeName: string, id: number | string): string {
  return toGlobalId(typeName, Number(id));
}

/** The type name and key inside one of our global ids; anything else fails the test that asked. */
function parsed(globalId: string): { typeName: string; id: number } {
  const parts = fromGlobalId(globalId);
  if (!parts) throw new Error(`not one of the server's global ids: ${JSON.stringify(globalId)}`);
  return parts;
}

/** The primary key inside one of our global ids. */
export function pk(globalId: string): number {
  return parsed(globalId).id;
}

/** The type name inside one of our global ids. */
export function typeOfId(globalId: string): string {
  return parsed(globalId).typeName;
}

/** "<Type>:<key>" of one of our global ids, for comparisons and messages a reader can follow. */
export function readableId(globalId: string): string {
  const { typeName, id } = parsed(globalId);
  return `${typeName}:${id}`;
}
