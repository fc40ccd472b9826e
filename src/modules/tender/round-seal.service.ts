import type { Context } from '../../core/graphql/context.js';
import { knownRow } from '../../core/graphql/entity-rows.js';
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
  const round: SealedRound = { status: tender.status, ministryId: null, municipalityId: null };
  switch (ownerNeeded(ctx.viewer, tender.status)) {
    case 'ministry': {
      if (!tender.project) break;
      const project = knownRow(ctx, TargetProject, tender.project.id);
      if (!project)
        return targetProjectById(ctx)
          .load(tender.project.id)
          .then((loaded) => maySeeSealedData(ctx.viewer, { ...round, ministryId: loaded?.ministry.id ?? null }));
      round.ministryId = project.ministry.id;
      break;
    }
    case 'municipality': {
      if (!tender.localPilot) break;
      const pilot = knownRow(ctx, LocalPilot, tender.localPilot.id);
      if (!pilot)
        return localPilotById(ctx)
          .load(tender.localPilot.id)
          .then((loaded) => maySeeSealedData(ctx.viewer, { ...round, municipalityId: loaded?.municipality.id ?? null }));
      round.municipalityId = pilot.municipality.id;
      break;
    }
  }
  return maySeeSealedData(ctx.viewer, round);
}
