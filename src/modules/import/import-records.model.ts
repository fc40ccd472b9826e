import type { CompetitionMethod, TargetProjectCategory, TargetProjectStatus } from '../project/project.enum.js';
import type { TenderValues } from '../tender/tender.entity.js';
import type { BidderKind, BidStatus, TenderStatus } from '../tender/tender.enum.js';

/** One bad cell or row: where the spreadsheet shows it (header = row 1), what it holds, why it is refused. */
export interface RowProblem {
  row: number;
  column: string;
  value: string;
  reason: string;
}

interface RecordBase {
  /** Row number as the spreadsheet shows it. */
  row: number;
  /** 府省: a ministry code (`MOJ`) or its Japanese name (`法務省`). */
  ministry: string;
}

/** A row of the projects table (対象公共サービス). Optional cells are null when blank. */
export interface ProjectRecord extends RecordBase {
  name: string;
  summary: string;
  category: TargetProjectCategory;
  method: CompetitionMethod;
  baselineAnnualCostYen: number;
  status: TargetProjectStatus | null;
}

/**
 * The cells of the tenders table that hold a round's own values, typed as the round types
 * them. The table is the ministries' (tables/columns.constants.ts), not a copy of the round: it has the
 * columns it names, so a new column of the round joins it only when the table gains one.
 * 契約金額 (`contractAmountYen`, an optional column) defaults to 落札金額 for a new award.
 */
type TenderCells = Pick<
  TenderValues,
  | 'round'
  | 'title'
  | 'awardCriteria'
  | 'announcedOn'
  | 'bidDeadline'
  | 'openedOn'
  | 'reservePriceYen'
  | 'contractStart'
  | 'contractEnd'
  | 'contractAmountYen'
  | 'outcomeNote'
>;

/**
 * A row of the tenders table (入札: one round). Where it differs from the round it is the
 * spreadsheet's: a blank 状態 or 不落随契 is null (the import keeps what is stored, or
 * starts from the default), and the winner is named by cells, not by a bid.
 */
export interface TenderRecord extends RecordBase, TenderCells {
  projectName: string;
  status: TenderStatus | null;
  winnerName: string | null;
  winnerCorporateNumber: string | null;
  /** 落札金額: the winning bid's amount. */
  winningAmountYen: number | null;
  negotiatedAfterFailure: boolean | null;
}

/** A row of the bids table (応札). */
export interface BidRecord extends RecordBase {
  projectName: string;
  round: number;
  bidderName: string;
  corporateNumber: string | null;
  amountYen: number;
  technicalScore: number | null;
  totalScore: number | null;
  result: BidStatus | null;
  bidderKind: BidderKind | null;
}

/** How many records of a kind an import created, changed and left as they were. */
export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  /** The rows' own records (services, rounds or bids, by `--kind`). */
  primary: { kind: string; tally: Tally };
  /** Records the rows also created or changed: bidders, winning bids, bids decided by an award. */
  related: { kind: string; tally: Tally }[];
  /** History entries written (one per created or changed record). */
  historyEntries: number;
}
