import { Migration20261206220000_TargetProjectNameIndex } from './Migration20261206220000_TargetProjectNameIndex.js';
import { Migration20261207130000_StatsRollup } from './Migration20261207130000_StatsRollup.js';
import { Migration20261207160000_StatsFilterIndexes } from './Migration20261207160000_StatsFilterIndexes.js';
import { Migration20261207200000_WinningBidIndex } from './Migration20261207200000_WinningBidIndex.js';
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261205080000_StatsSummaries } from './Migration20261205080000_StatsSummaries.js';
import { Migration20261205120000_StatsYearSummary } from './Migration20261205120000_StatsYearSummary.js';
import { Migration20261206190000_StatsRollupIndexes } from './Migration20261206190000_StatsRollupIndexes.js';
import { Migration20261204180000_WritePositions } from './Migration20261204180000_WritePositions.js';
import { Migration20261204160157_EvaluationVersion } from './Migration20261204160157_EvaluationVersion.js';
import { Migration20261204155208_Corrections } from './Migration20261204155208_Corrections.js';
import { Migration20261204153548_Readings } from './Migration20261204153548_Readings.js';
import { Migration20261204152357_TenderSearch } from './Migration20261204152357_TenderSearch.js';
import { Migration20261203193439_Notifications } from './Migration20261203193439_Notifications.js';
import { Migration20261203163456_WritePipeline } from './Migration20261203163456_WritePipeline.js';
import { Migration20261203133707_IdempotencyKeys } from './Migration20261203133707_IdempotencyKeys.js';
import { Migration20261202123000_ForeignKeyIndexes } from './Migration20261202123000_ForeignKeyIndexes.js';
import { Migration20261202121000_SearchGrams } from './Migration20261202121000_SearchGrams.js';
import { Migration20261202120000_DataVersion } from './Migration20261202120000_DataVersion.js';
import { Migration20261202103651_RedFlags } from './Migration20261202103651_RedFlags.js';
import { Migration20261128062145_RateLimits } from './Migration20261128062145_RateLimits.js';
import { Migration20261128045222_Initial } from './Migration20261128045222_Initial.js';

/** SQLite migrations in order; each new migration file is added here by `migration:create`. */
export const SQLITE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128045222_Initial', class: Migration20261128045222_Initial },
  { name: 'Migration20261128062145_RateLimits', class: Migration20261128062145_RateLimits },
  { name: 'Migration20261202103651_RedFlags', class: Migration20261202103651_RedFlags },
  { name: 'Migration20261202120000_DataVersion', class: Migration20261202120000_DataVersion },
  { name: 'Migration20261202121000_SearchGrams', class: Migration20261202121000_SearchGrams },
  { name: 'Migration20261202123000_ForeignKeyIndexes', class: Migration20261202123000_ForeignKeyIndexes },
  { name: 'Migration20261203133707_IdempotencyKeys', class: Migration20261203133707_IdempotencyKeys },
  { name: 'Migration20261203163456_WritePipeline', class: Migration20261203163456_WritePipeline },
  { name: 'Migration20261203193439_Notifications', class: Migration20261203193439_Notifications },
  { name: 'Migration20261204152357_TenderSearch', class: Migration20261204152357_TenderSearch },
  { name: 'Migration20261204153548_Readings', class: Migration20261204153548_Readings },
  { name: 'Migration20261204155208_Corrections', class: Migration20261204155208_Corrections },
  { name: 'Migration20261204160157_EvaluationVersion', class: Migration20261204160157_EvaluationVersion },
  { name: 'Migration20261204180000_WritePositions', class: Migration20261204180000_WritePositions },
  { name: 'Migration20261205080000_StatsSummaries', class: Migration20261205080000_StatsSummaries },
  { name: 'Migration20261205120000_StatsYearSummary', class: Migration20261205120000_StatsYearSummary },
  { name: 'Migration20261206190000_StatsRollupIndexes', class: Migration20261206190000_StatsRollupIndexes },
  { name: 'Migration20261206220000_TargetProjectNameIndex', class: Migration20261206220000_TargetProjectNameIndex },
  { name: 'Migration20261207130000_StatsRollup', class: Migration20261207130000_StatsRollup },
  { name: 'Migration20261207160000_StatsFilterIndexes', class: Migration20261207160000_StatsFilterIndexes },
  { name: 'Migration20261207200000_WinningBidIndex', class: Migration20261207200000_WinningBidIndex },
];
