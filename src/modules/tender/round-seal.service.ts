import type { Context } from '../../core/graphql/context.js';
import { withRow } from '../../core/graphql/entity-rows.js';
import { LocalPilot } from '../pilot/local-pilot.entity.js';
import { localPilotById } from '../pilot/pilot.loaders.js';
import { targetProjectById } from '../project/project.loaders.js';
import { TargetProject } from '../project/target-project.entity.js';
import { maySeeSealedData, ownerNeeded, type SealedRound } from '../seal/seal.service.js';
import type { Tender } from './tender.entity.js';

/**
 * Whether the caller may see this round's bids and reserve price now: the seal policy
 * (modules/seal, docs/seal.md) asked about a round entity, whose owner is looked up only when
 * the policy needs it for this caller. The answer comes at once when the policy needs no owner
 * or the request has read the owner already (a dashboard's round is read with its service);
 * otherwise the owner is loaded and the answer is a promise. Either way it is the same answer.
 */
export function canSeeSealedData(ctx: Context, tender: Tender): boolean | Promise<boolean> {
  const decide = (owner: Pick<SealedRound, 'ministryId' | 'municipalityId'>) =>
    maySeeSealedData(ctx.viewer, { status: tender.status, ...owner });
  const none = { ministryId: null, municipalityId: null };
  switch (ownerNeeded(ctx.viewer, tender.status)) {
    case 'ministry':
      if (!tender.project) break;
      return withRow(ctx, TargetProject, tender.project.id, targetProjectById, (project) =>
        decide({ ...none, ministryId: project?.ministry.id ?? null }),
      );
    case 'municipality':
      if (!tender.localPilot) break;
      return withRow(ctx, LocalPilot, tender.localPilot.id, localPilotById, (pilot) =>
        decide({ ...none, municipalityId: pilot?.municipality.id ?? null }),
      );
  }
  return decide(none);
}
