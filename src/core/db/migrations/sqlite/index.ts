import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128062145_RateLimits } from './Migration20261128062145_RateLimits.js';
import { Migration20261128045222_Initial } from './Migration20261128045222_Initial.js';

/** SQLite migrations in order; each new migration file is added here by `migration:create`. */
export const SQLITE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128045222_Initial', class: Migration20261128045222_Initial },
  { name: 'Migration20261128062145_RateLimits', class: Migration20261128062145_RateLimits },
];
