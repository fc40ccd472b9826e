import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128043203Initial } from './Migration20261128043203Initial.js';

/** SQLite migrations in order; each new migration file is added here by `migration:create`. */
export const SQLITE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128043203Initial', class: Migration20261128043203Initial },
];
