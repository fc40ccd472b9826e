import { Evaluation } from './modules/evaluation/evaluation.entity.js';
import { Ministry } from './modules/ministry/ministry.entity.js';
import { Municipality } from './modules/municipality/municipality.entity.js';
import { LocalPilot } from './modules/pilot/local-pilot.entity.js';
import { BasicPolicy } from './modules/policy/basic-policy.entity.js';
import { PolicyEntry } from './modules/policy/policy-entry.entity.js';
import { GuidelineMilestone } from './modules/project/guideline-milestone.entity.js';
import { TargetProject } from './modules/project/target-project.entity.js';
import { Bid } from './modules/tender/bid.entity.js';
import { Bidder } from './modules/tender/bidder.entity.js';
import { Tender } from './modules/tender/tender.entity.js';
import { ApiToken } from './modules/access/api-token.entity.js';
import { Change } from './modules/history/change.entity.js';
import { RateLimit } from './modules/access/rate-limit.entity.js';
import { RedFlag } from './modules/red-flags/red-flag.entity.js';
import { RedFlagStatistic } from './modules/red-flags/red-flag-statistic.entity.js';
import { PublicEvent } from './modules/notifications/public-event.entity.js';
import { SavedSearch } from './modules/notifications/saved-search.entity.js';
import { WebhookAttempt, WebhookDelivery } from './modules/notifications/webhook-delivery.entity.js';

/**
 * Every module's entity, listed (no globs: the same list works compiled, in vitest and in the
 * CLIs). Core knows no module (ARCHITECTURE.md "Dependencies"), so the root hands this list to
 * `openDatabase`, which adds core's own entities.
 */
export const ENTITIES = [
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
  PublicEvent,
  SavedSearch,
  WebhookDelivery,
  WebhookAttempt,
];
