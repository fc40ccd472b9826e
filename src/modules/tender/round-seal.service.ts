import type { Context } from '../../core/graphql/context.js';
import { localPilotById } from '../pilot/pilot.loaders.js';
import { targetProjectById } from '../project/project.loaders.js';
import { maySeeSealedData, ownerNeeded, type SealedRound } from '../seal/seal.service.js';
import type { Tender } from './tender.entity.js';

/**
 * Whether the caller may see this round's bids and reserve price now: the seal policy
 * (modules/seal, docs/seal.md) asked about a round entity, whose owner is loaded only when
 * the policy needs it for this caller.
 */
export async function canSeeSealedData(ctx: Context, tender: Tender): Promise<boolean> {
  return maySeeSealedData(ctx.viewer, await sealedRoundOf(ctx, tender));
}

async function sealedRoundOf(ctx: Context, tender: Tender): Promise<SealedRound> {
  const round: SealedRound = { status: tender.status, ministryId: null, municipalityId: null };
  switch (ownerNeeded(ctx.viewer, tender.status)) {
    case 'ministry':
      if (tender.project) round.ministryId = (await targetProjectById(ctx).load(tender.project.id))?.ministry.id ?? null;
      break;
    case 'municipality':
      if (tender.localPilot) round.municipalityId = (await localPilotById(ctx).load(tender.localPilot.id))?.municipality.id ?? null;
      break;
  }
  return round;
}
