/**
 * Opaque global ids (docs/api.md "Global IDs", after the Relay Global Object Identification
 * specification): `base64url("<Type>:<primary key>")`. Clients must not parse them; the
 * encoding is ours to change, so nothing outside this file may depend on it.
 */
export function toGlobalId(typeName: string, id: number): string {
  // Keys may be negative: bids are numbered per round (modules/tender/bid-ids.service.ts).
  return Buffer.from(`${typeName}:${id}`, 'utf8').toString('base64url');
}

/** The type name and primary key inside a global id, or null when it is not one of ours. */
export function fromGlobalId(globalId: string): { typeName: string; id: number } | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 200) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const m = /^([A-Z][A-Za-z]{0,63}):(-?[1-9]\d{0,14})$/.exec(decoded);
  if (!m) return null;
  return { typeName: m[1], id: Number(m[2]) };
}
