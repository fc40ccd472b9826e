import 'reflect-metadata';
import { it } from 'vitest';
import { rmSync } from 'node:fs';
import { openDatabase } from '../src/core/db/orm.js';
import { seedDatabase } from '../seeds/seed.js';
it('seeds', async () => {
  rmSync('/tmp/explore/db.sqlite', { force: true });
  const orm = await openDatabase({ dialect: 'sqlite', file: '/tmp/explore/db.sqlite' });
  const t = Date.now();
  console.log(await seedDatabase(orm, {}));
  console.log('ms', Date.now() - t);
  const { knexOf } = await import('../src/core/db/orm.js'); await knexOf(orm).raw('PRAGMA wal_checkpoint(TRUNCATE)'); await knexOf(orm).raw('PRAGMA journal_mode=DELETE');
  await orm.close(true);
});
