import { payloadType } from '../../core/graphql/mutation.js';
import { Bid } from './bid.entity.js';
import { Bidder } from './bidder.entity.js';
import { Tender } from './tender.entity.js';

export const CreateTenderPayload = payloadType(Tender, 'tender', 'CreateTenderPayload', 'Result of createTender.');
export const UpdateTenderPayload = payloadType(Tender, 'tender', 'UpdateTenderPayload', 'Result of updateTender.');
export const TransitionTenderPayload = payloadType(Tender, 'tender', 'TransitionTenderPayload', 'Result of transitionTender.');
export const AwardTenderPayload = payloadType(Tender, 'tender', 'AwardTenderPayload', 'Result of awardTender.');
export const MarkTenderUnsuccessfulPayload = payloadType(
  Tender,
  'tender',
  'MarkTenderUnsuccessfulPayload',
  'Result of markTenderUnsuccessful.',
);
export const CancelTenderPayload = payloadType(Tender, 'tender', 'CancelTenderPayload', 'Result of cancelTender.');
export const RecordBidPayload = payloadType(Bid, 'bid', 'RecordBidPayload', 'Result of recordBid.');
export const CreateBidderPayload = payloadType(Bidder, 'bidder', 'CreateBidderPayload', 'Result of createBidder.');
export const WithdrawBidPayload = payloadType(Bid, 'bid', 'WithdrawBidPayload', 'Result of withdrawBid.');
export const CorrectBidPayload = payloadType(Bid, 'bid', 'CorrectBidPayload', 'Result of correctBid.');
export const RenameBidderPayload = payloadType(Bidder, 'bidder', 'RenameBidderPayload', 'Result of renameBidder.');
export const MergeBiddersPayload = payloadType(Bidder, 'bidder', 'MergeBiddersPayload', 'Result of mergeBidders: the bidder that stays.');
