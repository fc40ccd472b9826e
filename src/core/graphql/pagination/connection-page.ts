import type { PageInfo } from './connection.type.js';

/**
 * The runtime value of every connection field. Edges and the count are computed only when
 * a query selects them; the count query does not run otherwise.
 */
export class ConnectionPage<T> {
  constructor(
    readonly nodes: T[],
    private readonly cursors: string[],
    readonly pageInfo: PageInfo,
    private readonly count: () => Promise<number> | number,
  ) {}

  get edges(): { cursor: string; node: T }[] {
    return this.nodes.map((node, i) => ({ cursor: this.cursors[i], node }));
  }

  get totalCount(): Promise<number> | number {
    return this.count();
  }

  /** A page with nothing on it, e.g. bids of a sealed round for a caller who may not see them. */
  static empty<T>(): ConnectionPage<T> {
    return new ConnectionPage<T>([], [], { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, () => 0);
  }
}
