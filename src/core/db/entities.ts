import { Evaluation } from '../../modules/evaluation/evaluation.entity.js';
import { Ministry } from '../../modules/ministry/ministry.entity.js';
import { Municipality } from '../../modules/municipality/municipality.entity.js';
import { LocalPilot } from '../../modules/pilot/local-pilot.entity.js';
import { BasicPolicy } from '../../modules/policy/basic-policy.entity.js';
import { PolicyEntry } from '../../modules/policy/policy-entry.entity.js';
import { GuidelineMilestone } from '../../modules/project/guideline-milestone.entity.js';
import { TargetProject } from '../../modules/project/target-project.entity.js';
import { Bid } from '../../modules/tender/bid.entity.js';
import { Bidder } from '../../modules/tender/bidder.entity.js';
import { Tender } from '../../modules/tender/tender.entity.js';
import { BaseEntity } from './base.entity.js';
import { IdempotencyKey } from './idempotency-key.entity.js';
import { AnchoredEntity, SourcedEntity, VersionedEntity } from './recorded.entity.js';
import { ApiToken } from '../../modules/access/api-token.entity.js';
import { Change } from '../../modules/history/change.entity.js';
import { RateLimit } from '../../modules/access/rate-limit.entity.js';
import { RedFlag } from '../../modules/redflags/red-flag.entity.js';
import { RedFlagStatistic } from '../../modules/redflags/red-flag-statistic.entity.js';

/** Every entity, listed (no globs: the same list works compiled, in vitest and in the CLI). */
export const ENTITIES = [
  BaseEntity,
  SourcedEntity,
  AnchoredEntity,
  VersionedEntity,
  Ministry,
  BasicPolicy,
  PolicyEntry,
  TargetProject,
  GuidelineMilestone,
  Tender,
  Bidder,
  Bid,
  Evaluation,
  Municipality,
  LocalPilot,
  ApiToken,
  Change,
  RateLimit,
  RedFlag,
  RedFlagStatistic,
  IdempotencyKey,
];
