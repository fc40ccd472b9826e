import DataLoader from 'dataloader';

/**
 * The DataLoaders of one request, created on first use under a key that names the
 * relation and its arguments. Built from the request's own EntityManager fork, they die
 * with the request, so one caller's data never serves another (STYLE.md rule 4).
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}
