import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128062145_RateLimits } from './Migration20261128062145_RateLimits.js';
import { Migration20261128052918_Initial } from './Migration20261128052918_Initial.js';

/** PostgreSQL migrations in order; each new migration file is added here by `migration:create`. */
export const POSTGRESQL_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128052918_Initial', class: Migration20261128052918_Initial },
  { name: 'Migration20261128062145_RateLimits', class: Migration20261128062145_RateLimits },
];
