import DataLoader from 'dataloader';

/**
 * The DataLoaders of one request, created on first use under a key that names the
 * relation and its arguments. Built from the request's own EntityManager fork, they die
 * with the request, so one caller's data never serves another (ARCHITECTURE.md "A request").
 */
/**
 * Keys per batch: a whole relation level in one statement (up to 100 × 100 parents), and
 * safely under SQLite's 32,766 bound parameters per statement.
 */
const MAX_BATCH = 10_000;

export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private readonly rows = new Map<string, Map<number, unknown>>();

  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: MAX_BATCH });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /**
   * Keeps a row of `type` read in this request (core/graphql/entity-rows.ts does, for every
   * row it hydrates), so a field that needs it can have it at once with `known`.
   */
  remember(type: string, id: number, row: unknown): void {
    let byId = this.rows.get(type);
    if (!byId) this.rows.set(type, (byId = new Map()));
    byId.set(id, row);
  }

  /**
   * A row of `type` this request has read already, or undefined. A loader would hand it over
   * too, but only as a promise; a field resolved at once costs a fraction of one that waits.
   */
  known<V>(type: string, id: number): V | undefined {
    return this.rows.get(type)?.get(id) as V | undefined;
  }

  /** Forgets everything loaded so far (after a write, cached rows may be stale). */
  clear(): void {
    this.loaders.clear();
    this.rows.clear();
  }
}
