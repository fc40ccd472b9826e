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

  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: MAX_BATCH });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** Forgets everything loaded so far (after a write, cached rows may be stale). */
  clear(): void {
    this.loaders.clear();
  }
}
