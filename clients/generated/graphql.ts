/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** 落札方式 (how the winner is chosen). */
export const AwardCriteria = {
  /** 最低価格落札方式 (lowest valid price wins). */
  LowestPrice: 'LOWEST_PRICE',
  /** 総合評価落札方式 (highest total score of price and quality wins). */
  Rated: 'RATED'
} as const;

export type AwardCriteria = typeof AwardCriteria[keyof typeof AwardCriteria];
/** 入札方式 (who may bid). */
export const CompetitionMethod = {
  /** 民間競争入札 (private competitive bidding: private firms only). */
  Private: 'PRIVATE',
  /** 官民競争入札 (public-private: the ministry's own unit bids against private firms). */
  PublicPrivate: 'PUBLIC_PRIVATE'
} as const;

export type CompetitionMethod = typeof CompetitionMethod[keyof typeof CompetitionMethod];
/** 評価の結論 (the committee's decision after evaluating a contract). */
export const EvaluationDecision = {
  /** 継続 (market testing continues with the next round). */
  Continue: 'CONTINUE',
  /** 市場化テスト終了 (the service leaves market testing). */
  Exit: 'EXIT',
  /** 改善の上再実施 (tender again with revised guidelines). */
  RetenderWithImprovements: 'RETENDER_WITH_IMPROVEMENTS'
} as const;

export type EvaluationDecision = typeof EvaluationDecision[keyof typeof EvaluationDecision];
/** Which events to hear of; every condition given must hold (docs/notifications.md "Filters"). */
export type EventFilter = {
  /** Only events of services of these kinds. */
  categories?: Array<TargetProjectCategory> | null | undefined;
  /** Only events whose amount (`PublicEvent.amountYen`) is at most this. */
  maxAmountYen?: number | null | undefined;
  /** Only events whose amount (`PublicEvent.amountYen`) is at least this. */
  minAmountYen?: number | null | undefined;
  /** Only events of services of these ministries (codes or Japanese names, e.g. ["MOJ"], ["法務省"]; kept as codes). */
  ministryCodes?: Array<string> | null | undefined;
  /** Only events of pilots of these local governments (six-digit codes; a prefecture's code also takes in its municipalities). */
  municipalityCodes?: Array<string> | null | undefined;
  /** Only events of services that are now in one of these states. */
  serviceStatuses?: Array<TargetProjectStatus> | null | undefined;
  /** Only events of rounds that are now in one of these states. */
  tenderStatuses?: Array<TenderStatus> | null | undefined;
  /** Words the event must contain, in its service, round, pilot, ministry or local government names (and a winner's name once opened); several words separated by spaces (half- or full-width) must all occur. Full- and half-width forms match. */
  text?: string | null | undefined;
  /** Only these kinds of event. */
  types?: Array<PublicEventType> | null | undefined;
};

/** 実施の枠組み (legal basis of a local pilot). */
export const LocalPilotScheme = {
  /** 独自の取組 (the local government's own outsourcing scheme, as Yokohama, Tajimi, Hamamatsu and Osaka did). */
  OwnScheme: 'OWN_SCHEME',
  /** 特定公共サービス (Art. 34 of the Act: counter services named there). */
  SpecificPublicService: 'SPECIFIC_PUBLIC_SERVICE'
} as const;

export type LocalPilotScheme = typeof LocalPilotScheme[keyof typeof LocalPilotScheme];
/** 対象業務 (counter service covered by a local pilot). */
export const LocalPilotService = {
  /** 戸籍の附票の写し (copies of the family-register annex). */
  FamilyRegisterAnnexCopies: 'FAMILY_REGISTER_ANNEX_COPIES',
  /** 戸籍謄本等の交付請求の受付・引渡し (family-register copies). */
  FamilyRegisterCopies: 'FAMILY_REGISTER_COPIES',
  /** その他の窓口業務 (other counter services). */
  OtherCounterService: 'OTHER_COUNTER_SERVICE',
  /** 住民票の写し (copies of the resident record). */
  ResidentRecordCopies: 'RESIDENT_RECORD_COPIES',
  /** 印鑑登録証明書 (seal-registration certificates). */
  SealCertificates: 'SEAL_CERTIFICATES',
  /** 納税証明書 (tax certificates). */
  TaxCertificates: 'TAX_CERTIFICATES'
} as const;

export type LocalPilotService = typeof LocalPilotService[keyof typeof LocalPilotService];
/** 取組の状態 (status of a local pilot). */
export const LocalPilotStatus = {
  /** 終了 (ended). */
  Ended: 'ENDED',
  /** 実施中 (a contractor runs the service). */
  InOperation: 'IN_OPERATION',
  /** 検討中 (planned). */
  Planned: 'PLANNED',
  /** 実施方針策定 (implementation policy adopted). */
  PolicyAdopted: 'POLICY_ADOPTED',
  /** 中断・延期 (suspended or postponed, e.g. after an ordinance the tender was put off). */
  Suspended: 'SUSPENDED',
  /** 入札手続中 (being tendered). */
  Tendering: 'TENDERING'
} as const;

export type LocalPilotStatus = typeof LocalPilotStatus[keyof typeof LocalPilotStatus];
/** Narrows the statistics; all given conditions must hold. */
export type MarketTestingStatsFilter = {
  /** Only services of these kinds. */
  categories?: Array<TargetProjectCategory> | null | undefined;
  /**
   * Only rounds announced, and services first selected, in or after this fiscal year (services counts then leave out services with no selection year).
   * @deprecated Use `fromYear`, which also takes 令和6年度, R6 or FY2024.
   */
  fromFiscalYear?: number | null | undefined;
  /** Only rounds announced, and services first selected, in or after this fiscal year: 2024, "令和6年度", "R6" or "FY2024" (services counts then leave out services with no selection year). */
  fromYear?: unknown;
  /** Only services tendered by these methods. */
  methods?: Array<CompetitionMethod> | null | undefined;
  /** Only services of these ministries (codes or Japanese names; an unknown one is BAD_USER_INPUT naming the closest). */
  ministryCodes?: Array<string> | null | undefined;
  /**
   * Only rounds announced, and services first selected, in or before this fiscal year.
   * @deprecated Use `toYear`, which also takes 令和6年度, R6 or FY2024.
   */
  toFiscalYear?: number | null | undefined;
  /** Only rounds announced, and services first selected, in or before this fiscal year: 2024, "令和6年度", "R6" or "FY2024". */
  toYear?: unknown;
};

/** 通知の種類 (what happened; docs/notifications.md). */
export const PublicEventType = {
  /** 評価の決定 (an evaluation and its decision: exit, continue, re-tender). */
  EvaluationDecided: 'EVALUATION_DECIDED',
  /** 地方公共団体の取組の登録 (a local pilot was registered). */
  PilotRegistered: 'PILOT_REGISTERED',
  /** 地方公共団体の取組の状況変更 (a local pilot moved). */
  PilotStatusChanged: 'PILOT_STATUS_CHANGED',
  /** 基本方針の閣議決定 (an edition of the basic policy was adopted). */
  PolicyAdopted: 'POLICY_ADOPTED',
  /** 対象公共サービスの登録 (a target service was registered). */
  ServiceCreated: 'SERVICE_CREATED',
  /** 対象公共サービスの状況変更 (a service moved: by hand, an award, a failed round, an evaluation). */
  ServiceStatusChanged: 'SERVICE_STATUS_CHANGED',
  /** 入札公告 (a round was created with its announcement date). */
  TenderAnnounced: 'TENDER_ANNOUNCED',
  /** 開札・落札 (the round was opened and awarded; its bids are public from now on). */
  TenderAwarded: 'TENDER_AWARDED',
  /** 入札中止 (the round was cancelled). */
  TenderCancelled: 'TENDER_CANCELLED',
  /** 入札内容の変更 (other public terms of a round changed: title, dates, criteria). */
  TenderChanged: 'TENDER_CHANGED',
  /** 入札締切の変更 (the bid deadline of a round changed). */
  TenderDeadlineChanged: 'TENDER_DEADLINE_CHANGED',
  /** 入札状況の変更 (a round moved by hand: PLANNED → OPEN, OPEN → CLOSED). */
  TenderStatusChanged: 'TENDER_STATUS_CHANGED',
  /** 開札・不調 (the round was opened without a valid bid within the reserve price). */
  TenderUnsuccessful: 'TENDER_UNSUCCESSFUL'
} as const;

export type PublicEventType = typeof PublicEventType[keyof typeof PublicEventType];
/** A red flag (reason to look, never a verdict): R… are the Open Contracting Partnership's Cardinal indicators, MT… the market-testing ones. */
export const RedFlagCode = {
  /** Award at a high share of the reserve price (落札率が高い). A winning price at or near the 予定価格 suggests the price was known or there was no pressure to cut it; a well-estimated reserve price also gives high ratios. */
  Mt01: 'MT01',
  /** Single bid in consecutive rounds (連続した一者応札). A service that draws one bidder round after round has not found the competition market testing exists for; the guidelines (実施要項) may shut others out, or the market may be thin. */
  Mt02: 'MT02',
  /** Same winner in every round (毎回同じ落札者). An incumbent winning every round of a service may enjoy an information advantage the disclosure of past performance (従来の実施状況の開示) should remove; it may also simply be the best. */
  Mt03: 'MT03',
  /** Negotiated contract after a failed round (不落随意契約). After a failed round the contract was negotiated with one firm (予決令 第99条の2) instead of tendered again, so no competition set the price; it is lawful and sometimes the only way to keep the service running. */
  Mt04: 'MT04',
  /** Exit decided after a single-bid round (一者応札のまま終了). The committee's usual exit criteria ask for real competition (more than one bidder); leaving market testing after a single-bid round deserves a second look, though other evidence may have justified it. */
  Mt05: 'MT05',
  /** Short submission period (公告期間が短い). Too little time between the notice and the bid deadline favours a bidder tipped off early; urgent rounds are legitimately short. */
  R003: 'R003',
  /** Single bid received (一者応札). A lone bidder in an open round can mean competition was suppressed; it can also mean a small market. */
  R018: 'R018',
  /** Price close to winning bid (次順位との価格差が極小). A runner-up priced just above the winner can be a cover bid; tight honest markets also give close prices. */
  R024: 'R024',
  /** Excessive unsuccessful bids (頻繁に応札し落札しない事業者). A firm that bids often and rarely wins may be placing losing bids for a partner; it may just be uncompetitive. */
  R025: 'R025',
  /** Identical bid prices (同額入札). Different bidders offering the same price can mean a leaked price or coordination; standard price lists also coincide. */
  R028: 'R028',
  /** Late bid won (締切後の入札が落札). Accepting a winning bid after the deadline can favour a bidder who saw the others; dates are also recorded carelessly. */
  R030: 'R030',
  /** All except winning bid disqualified (落札者以外が全て無効). Disqualifying every other bidder hands the contract to one firm; weak bids are also rightly rejected. */
  R035: 'R035',
  /** Lowest bid disqualified (最低価格の入札が無効). Rejecting the cheapest bid on a pretext lets a dearer favourite win; cheap bids also fail requirements. */
  R036: 'R036',
  /** Excessive disqualified bids (無効入札の割合が高い). A high share of disqualified bids can steer awards or fake competition; some services have strict requirements. */
  R038: 'R038',
  /** Heterogeneous supplier (多分野にわたる落札者). A supplier winning in many unrelated fields may be a front or an intermediary; conglomerates are also varied. */
  R048: 'R048',
  /** Heavily discounted bid (他より著しく低い落札価格). A winning price far below all others can hide lower quality or later price rises; efficient firms also underbid. */
  R058: 'R058'
} as const;

export type RedFlagCode = typeof RedFlagCode[keyof typeof RedFlagCode];
/** Narrows `redFlags`; all given conditions must hold. */
export type RedFlagFilter = {
  /** Only flags of rounds of services of these categories (分野); bidders' and ministries' flags have none. */
  categories?: Array<TargetProjectCategory> | null | undefined;
  /** Only these flags. */
  codes?: Array<RedFlagCode> | null | undefined;
  /**
   * Only flags of rounds announced in this fiscal year (年度, e.g. 2024); bidders' and ministries' flags have none.
   * @deprecated Use `year`, which also takes 令和6年度, R6 or FY2024.
   */
  fiscalYear?: number | null | undefined;
  /** Only flags of rounds announced in this fiscal year or later (2024, "令和6年度", "R6" or "FY2024"). */
  fromYear?: unknown;
  /** Only flags of rounds of these ministries' services, and of these ministries themselves (codes or Japanese names, e.g. ["MOJ"]; an unknown one is BAD_USER_INPUT naming the closest). */
  ministryCodes?: Array<string> | null | undefined;
  /** Only flags about these kinds of subject (default: all). */
  subjects?: Array<RedFlagSubject> | null | undefined;
  /** Only flags of rounds announced in this fiscal year or earlier (2024, "令和6年度", "R6" or "FY2024"). */
  toYear?: unknown;
  /** Only flags of rounds announced in this fiscal year: 2024, "令和6年度", "R6" or "FY2024"; bidders' and ministries' flags have none. */
  year?: unknown;
};

/** What a red flag is about. */
export const RedFlagSubject = {
  /** 事業者 (a bidder, across every round it bid in). */
  Bidder: 'BIDDER',
  /** 府省庁等 (a ministry as buyer, across its rounds). */
  Ministry: 'MINISTRY',
  /** 入札 (a tender round). */
  Tender: 'TENDER'
} as const;

export type RedFlagSubject = typeof RedFlagSubject[keyof typeof RedFlagSubject];
/** A local government's new pilot (PLANNED). MUNICIPALITY (its own) or ADMIN. */
export type RegisterLocalPilotInput = {
  /** The local government running it. */
  municipalityCode: string;
  /** Art. 34 specific public service, or an own scheme. */
  scheme: LocalPilotScheme;
  /** 対象業務 (at least one service). */
  services: Array<LocalPilotService>;
  /** 概要 (summary, at most 4,000 characters). */
  summary?: string | null | undefined;
  /** 件名 (title, at most 300 characters). */
  title: string;
};

/** 権限 (the role of a caller). */
export const Role = {
  /** 管理者 (the committee secretariat: everything, including basic policies). */
  Admin: 'ADMIN',
  /** 公開 (no token: reads everything published, never sealed bids or reserve prices). */
  Anonymous: 'ANONYMOUS',
  /** 府省 (bound to one ministry: writes and reads the sealed data of its own services). */
  Ministry: 'MINISTRY',
  /** 地方公共団体 (bound to one local government: writes its own pilots and their tenders). */
  Municipality: 'MUNICIPALITY'
} as const;

export type Role = typeof Role[keyof typeof Role];
/** 分類 (kind of service). */
export const TargetProjectCategory = {
  /** コールセンター (call and contact centres). */
  CallCenter: 'CALL_CENTER',
  /** 徴収業務 (collection, e.g. national-pension premiums). */
  Collection: 'COLLECTION',
  /** 窓口業務 (counter services, e.g. registry certificates). */
  CounterService: 'COUNTER_SERVICE',
  /** 施設管理・運営 (facility management and operation). */
  FacilityManagement: 'FACILITY_MANAGEMENT',
  /** 情報システム運用 (IT systems operation). */
  ItOperations: 'IT_OPERATIONS',
  /** その他 (other services). */
  Other: 'OTHER',
  /** 調査研究 (research and studies). */
  Research: 'RESEARCH',
  /** 統計調査 (statistical surveys). */
  StatisticalSurvey: 'STATISTICAL_SURVEY',
  /** 研修・講習 (training and courses). */
  Training: 'TRAINING'
} as const;

export type TargetProjectCategory = typeof TargetProjectCategory[keyof typeof TargetProjectCategory];
/** 対象公共サービスの状態 (where a target service is in market testing). */
export const TargetProjectStatus = {
  /** 廃止 (the service itself was abolished). */
  Abolished: 'ABOLISHED',
  /** 市場化テスト終了 (left market testing after a positive evaluation). */
  Exited: 'EXITED',
  /** 実施要項案作成中 (implementation guidelines being drafted or revised). */
  GuidelinesDrafting: 'GUIDELINES_DRAFTING',
  /** 実施要項決定 (guidelines fixed after the committee's review). */
  GuidelinesFixed: 'GUIDELINES_FIXED',
  /** 事業実施中 (a contract is running after an award). */
  InOperation: 'IN_OPERATION',
  /** 意見募集中 (draft guidelines out for public comment). */
  PublicComment: 'PUBLIC_COMMENT',
  /** 選定 (selected by a basic policy; guidelines not started). */
  Selected: 'SELECTED',
  /** 入札手続中 (a tender round is being run). */
  Tendering: 'TENDERING',
  /** 評価中 (the committee is evaluating how the contract went). */
  UnderEvaluation: 'UNDER_EVALUATION'
} as const;

export type TargetProjectStatus = typeof TargetProjectStatus[keyof typeof TargetProjectStatus];
/** Narrows a list of tender rounds; all given conditions must hold. */
export type TenderFilter = {
  /** Only rounds with these award criteria. */
  awardCriteria?: Array<AwardCriteria> | null | undefined;
  /** Only rounds of services of these categories (分野). */
  categories?: Array<TargetProjectCategory> | null | undefined;
  /**
   * Only rounds announced in this fiscal year (April–March, named by its start year).
   * @deprecated Use `year`, which also takes 令和6年度, R6 or FY2024.
   */
  fiscalYear?: number | null | undefined;
  /** Only rounds announced in this fiscal year or later (2024, "令和6年度", "R6" or "FY2024"). */
  fromYear?: unknown;
  /** Only rounds of services owned by these ministries (codes or Japanese names, e.g. ["MOJ"]; an unknown one is BAD_USER_INPUT naming the closest). */
  ministryCodes?: Array<string> | null | undefined;
  /** Only rounds that are (true) or are not (false) negotiated contracts after a failed round. */
  negotiatedAfterFailure?: boolean | null | undefined;
  /** Words in the round's title, its service's name or summary, or (once the round is opened) a bidder's name, e.g. "窓口 日本郵便": several words separated by spaces must all occur, each in any of these (full- and half-width forms match). */
  query?: string | null | undefined;
  /** true: only opened rounds with exactly one bidder (一者応札); false: only opened rounds with other counts. */
  singleBidOnly?: boolean | null | undefined;
  /** Only rounds in these states. */
  statuses?: Array<TenderStatus> | null | undefined;
  /** Only rounds announced in this fiscal year or earlier (2024, "令和6年度", "R6" or "FY2024"). */
  toYear?: unknown;
  /** Only rounds announced in this fiscal year: 2024, "令和6年度", "R6" or "FY2024" (April–March, named by its start year). */
  year?: unknown;
};

/** 入札の状態 (status of a tender round). */
export const TenderStatus = {
  /** 落札 (awarded to a winning bid). Bids are public. */
  Awarded: 'AWARDED',
  /** 中止 (cancelled before award). */
  Cancelled: 'CANCELLED',
  /** 締切 (bidding closed, bids not yet opened). Bids are sealed. */
  Closed: 'CLOSED',
  /** 公告中 (announced; bids are being accepted). Bids are sealed. */
  Open: 'OPEN',
  /** 予定 (planned; not yet announced). */
  Planned: 'PLANNED',
  /** 不調・不落 (no valid bid, or none within the reserve price). Bids are public. */
  Unsuccessful: 'UNSUCCESSFUL'
} as const;

export type TenderStatus = typeof TenderStatus[keyof typeof TenderStatus];
/** Moves a pilot along its lifecycle (going IN_OPERATION happens through awardTender). */
export type TransitionLocalPilotInput = {
  /** The version you read (STALE_VERSION otherwise). */
  expectedVersion: number;
  /** The pilot. */
  id: string | number;
  /** Why (kept in the history). */
  note?: string | null | undefined;
  /** The state to move to. */
  to: LocalPilotStatus;
};

/** Why a mutation was refused. Nothing is written when any user error is returned. */
export const UserErrorCode = {
  /** The award breaks the award criteria (not the lowest valid price or highest total score) and no override reason was given. */
  AwardRule: 'AWARD_RULE',
  /** The object already exists (e.g. a second bid of one bidder in one round, a corporate number already registered). */
  Duplicate: 'DUPLICATE',
  /** The caller's token does not cover this object (another ministry's or local government's, or admin-only). */
  Forbidden: 'FORBIDDEN',
  /** The object is not in a state that allows this action (e.g. a bid on a tender that is not open). */
  InvalidState: 'INVALID_STATE',
  /** The lifecycle does not allow this move from the current state (the message names the allowed next states). */
  InvalidTransition: 'INVALID_TRANSITION',
  /** A referenced object (by id or code) does not exist. */
  NotFound: 'NOT_FOUND',
  /** The data is sealed until the round is opened. */
  Sealed: 'SEALED',
  /** `expectedVersion` is not the object's current version: someone changed it; re-read and retry. */
  StaleVersion: 'STALE_VERSION',
  /** An input value is malformed or out of range (`field` names it). */
  Validation: 'VALIDATION'
} as const;

export type UserErrorCode = typeof UserErrorCode[keyof typeof UserErrorCode];
export type InsightsStatsQueryVariables = Exact<{
  filter?: MarketTestingStatsFilter | null | undefined;
}>;


export type InsightsStatsQuery = { marketTestingStats: { projectCount: number, tenderCount: number, awardedTenderCount: number, averageBidders: number | null, singleBidRate: number | null, baselineYen: number | string, contractedYen: number | string, reductionYen: number | string, reductionRate: number | null, projectsByStatus: Array<{ status: TargetProjectStatus, statusLabel: string, count: number }>, byFiscalYear: Array<{ fiscalYear: number, fiscalYearLabel: string | null, selectedProjectCount: number, inOperationProjectCount: number, exitedProjectCount: number, tenderCount: number, awardedTenderCount: number, averageBidders: number | null, singleBidRate: number | null, baselineYen: number | string, contractedYen: number | string, reductionYen: number | string, reductionRate: number | null }>, byMinistry: Array<{ projectCount: number, tenderCount: number, awardedTenderCount: number, averageBidders: number | null, singleBidRate: number | null, baselineYen: number | string, contractedYen: number | string, reductionYen: number | string, reductionRate: number | null, ministry: { code: string, name: string } }>, byCategory: Array<{ category: TargetProjectCategory, categoryLabel: string, projectCount: number }> } };

export type InsightsChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type InsightsChoicesQuery = { ministries: { nodes: Array<{ code: string, name: string }> }, marketTestingStats: { byCategory: Array<{ category: TargetProjectCategory, categoryLabel: string }> } };

export type InsightsRoundsQueryVariables = Exact<{
  filter?: TenderFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type InsightsRoundsQuery = { tenders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, title: string, announcedOn: string, fiscalYearLabel: string | null, statusLabel: string, numberOfBidders: number | null, isSingleBid: boolean | null, contractAmountYen: number | string | null, costReductionRate: number | null, project: { id: string, name: string, categoryLabel: string, ministry: { code: string, name: string } } | null, winningBid: { bidder: { name: string } } | null }> } };

export type InsightsFlagsQueryVariables = Exact<{
  filter?: MarketTestingStatsFilter | null | undefined;
}>;


export type InsightsFlagsQuery = { marketTestingStats: { redFlagCounts: Array<{ code: RedFlagCode, titleLabel: string, count: number }>, byMinistry: Array<{ ministry: { code: string, name: string }, redFlagCounts: Array<{ code: RedFlagCode, titleLabel: string, count: number }> }> } };

export type InsightsFlaggedRoundsQueryVariables = Exact<{
  filter?: RedFlagFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type InsightsFlaggedRoundsQuery = { redFlags: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ code: RedFlagCode, titleLabel: string, explanation: string, tender: { id: string, title: string, announcedOn: string, numberOfBidders: number | null, contractAmountYen: number | string | null, project: { id: string, name: string, ministry: { code: string, name: string } } | null, winningBid: { bidder: { name: string } } | null } | null }> } };

export type InsightsPilotsQueryVariables = Exact<{ [key: string]: never; }>;


export type InsightsPilotsQuery = { localPilotStats: { pilotCount: number, municipalityCount: number, byStatus: Array<{ statusLabel: string, count: number }>, byScheme: Array<{ schemeLabel: string, count: number }>, byPrefecture: Array<{ pilotCount: number, municipalityCount: number, prefecture: { code: string, name: string } }> } };

export type InsightsPrefecturePilotsQueryVariables = Exact<{
  prefectureCode: string;
  after?: string | null | undefined;
}>;


export type InsightsPrefecturePilotsQuery = { localPilots: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, title: string, statusLabel: string, schemeLabel: string, startedOn: string | null, endedOn: string | null, municipality: { code: string, name: string } }> } };

export type InsightsFindServiceQueryVariables = Exact<{
  query: string;
}>;


export type InsightsFindServiceQuery = { targetProjects: { totalCount: number, nodes: Array<{ id: string, name: string, statusLabel: string, ministry: { name: string } }> } };

export type InsightsServiceQueryVariables = Exact<{
  id: string | number;
}>;


export type InsightsServiceQuery = { node:
    | { id: string, name: string, kana: string | null, summary: string, statusLabel: string, categoryLabel: string, methodLabel: string, baselineAnnualCostYen: number | string, ministry: { code: string, name: string }, policyEntries: { nodes: Array<{ actionLabel: string, policy: { title: string, decidedOn: string, fiscalYearLabel: string | null } }> }, guidelineMilestones: { nodes: Array<{ kindLabel: string, occurredOn: string, endsOn: string | null, note: string | null }> }, tenders: { totalCount: number, nodes: Array<{ id: string, round: number, title: string, announcedOn: string, bidDeadline: string, openedOn: string | null, statusLabel: string, bidsSealed: boolean, numberOfBidders: number | null, reservePriceYen: number | string | null, contractAmountYen: number | string | null, contractStart: string, contractEnd: string, winningBid: { id: string } | null, bids: { nodes: Array<{ id: string, amountYen: number | string, statusLabel: string, bidder: { name: string } }> } }> }, evaluations: { nodes: Array<{ decidedOn: string, decisionLabel: string, fiscalYear: number, summary: string, exitCriteriaMet: boolean }> } }
    | Record<PropertyKey, never>
   | null };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { role: Role, name: string | null, municipality: { code: string, name: string, prefecture: { code: string, name: string } | null } | null, ministry: { code: string, name: string } | null } };

export type PrefecturePilotsQueryVariables = Exact<{
  prefectureCode: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PrefecturePilotsQuery = { localPilots: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, title: string, status: LocalPilotStatus, statusLabel: string, scheme: LocalPilotScheme, schemeLabel: string, services: Array<LocalPilotService>, version: number, startedOn: string | null, municipality: { code: string, name: string }, tenders: { totalCount: number, nodes: Array<{ round: number, status: TenderStatus, statusLabel: string }> } }> } };

export type PrefecturePilotStatsQueryVariables = Exact<{
  prefectureCode: string;
}>;


export type PrefecturePilotStatsQuery = { localPilotStats: { pilotCount: number, municipalityCount: number, byStatus: Array<{ status: LocalPilotStatus, statusLabel: string, count: number }>, byScheme: Array<{ scheme: LocalPilotScheme, schemeLabel: string, count: number }>, byService: Array<{ service: LocalPilotService, count: number }> } };

export type LocalPilotVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type LocalPilotVersionQuery = { node:
    | { __typename: 'BasicPolicy' }
    | { __typename: 'Bid' }
    | { __typename: 'Bidder' }
    | { __typename: 'Change' }
    | { __typename: 'Evaluation' }
    | { __typename: 'GuidelineMilestone' }
    | { __typename: 'LocalPilot', id: string, title: string, status: LocalPilotStatus, statusLabel: string, version: number, municipality: { code: string, name: string } }
    | { __typename: 'Ministry' }
    | { __typename: 'Municipality' }
    | { __typename: 'PolicyEntry' }
    | { __typename: 'PublicEvent' }
    | { __typename: 'SavedSearch' }
    | { __typename: 'TargetProject' }
    | { __typename: 'Tender' }
    | { __typename: 'WebhookDelivery' }
   | null };

export type RegisterLocalPilotMutationVariables = Exact<{
  input: RegisterLocalPilotInput;
}>;


export type RegisterLocalPilotMutation = { registerLocalPilot: { localPilot: { id: string, title: string, status: LocalPilotStatus, statusLabel: string, version: number } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type TransitionLocalPilotMutationVariables = Exact<{
  input: TransitionLocalPilotInput;
}>;


export type TransitionLocalPilotMutation = { transitionLocalPilot: { localPilot: { id: string, status: LocalPilotStatus, statusLabel: string, version: number } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type MinistryProjectsQueryVariables = Exact<{
  ministryCode: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MinistryProjectsQuery = { targetProjects: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, status: TargetProjectStatus, statusLabel: string, baselineAnnualCostYen: number | string, latestTender: { round: number, status: TenderStatus, statusLabel: string, announcedOn: string, numberOfBidders: number | null, isSingleBid: boolean | null, contractAmountYen: number | string | null, winningBid: { bidder: { name: string } } | null } | null, latestEvaluation: { decision: EvaluationDecision, decisionLabel: string, exitCriteriaMet: boolean } | null }> } };

export type PublicEventsSubscriptionVariables = Exact<{
  filter?: EventFilter | null | undefined;
}>;


export type PublicEventsSubscription = { publicEvents: { id: string, type: PublicEventType, typeLabel: string, title: string, occurredAt: string, ministryCode: string | null, municipalityCode: string | null, amountYen: number | string | null, tender: { id: string, round: number, status: TenderStatus, statusLabel: string, bidDeadline: string, numberOfBidders: number | null } | null } };


export const InsightsStatsDocument = {"__meta__":{"hash":"sha256:d85cbd222cdc8a47e85796f483b530b9d58bd897479e8c33d25b7a52405f0839"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InsightsStats"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MarketTestingStatsFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"marketTestingStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projectCount"}},{"kind":"Field","name":{"kind":"Name","value":"tenderCount"}},{"kind":"Field","name":{"kind":"Name","value":"awardedTenderCount"}},{"kind":"Field","name":{"kind":"Name","value":"averageBidders"}},{"kind":"Field","name":{"kind":"Name","value":"singleBidRate"}},{"kind":"Field","name":{"kind":"Name","value":"baselineYen"}},{"kind":"Field","name":{"kind":"Name","value":"contractedYen"}},{"kind":"Field","name":{"kind":"Name","value":"reductionYen"}},{"kind":"Field","name":{"kind":"Name","value":"reductionRate"}},{"kind":"Field","name":{"kind":"Name","value":"projectsByStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byFiscalYear"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fiscalYear"}},{"kind":"Field","name":{"kind":"Name","value":"fiscalYearLabel"}},{"kind":"Field","name":{"kind":"Name","value":"selectedProjectCount"}},{"kind":"Field","name":{"kind":"Name","value":"inOperationProjectCount"}},{"kind":"Field","name":{"kind":"Name","value":"exitedProjectCount"}},{"kind":"Field","name":{"kind":"Name","value":"tenderCount"}},{"kind":"Field","name":{"kind":"Name","value":"awardedTenderCount"}},{"kind":"Field","name":{"kind":"Name","value":"averageBidders"}},{"kind":"Field","name":{"kind":"Name","value":"singleBidRate"}},{"kind":"Field","name":{"kind":"Name","value":"baselineYen"}},{"kind":"Field","name":{"kind":"Name","value":"contractedYen"}},{"kind":"Field","name":{"kind":"Name","value":"reductionYen"}},{"kind":"Field","name":{"kind":"Name","value":"reductionRate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byMinistry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ministry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"projectCount"}},{"kind":"Field","name":{"kind":"Name","value":"tenderCount"}},{"kind":"Field","name":{"kind":"Name","value":"awardedTenderCount"}},{"kind":"Field","name":{"kind":"Name","value":"averageBidders"}},{"kind":"Field","name":{"kind":"Name","value":"singleBidRate"}},{"kind":"Field","name":{"kind":"Name","value":"baselineYen"}},{"kind":"Field","name":{"kind":"Name","value":"contractedYen"}},{"kind":"Field","name":{"kind":"Name","value":"reductionYen"}},{"kind":"Field","name":{"kind":"Name","value":"reductionRate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byCategory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"categoryLabel"}},{"kind":"Field","name":{"kind":"Name","value":"projectCount"}}]}}]}}]}}]} as unknown as DocumentNode<InsightsStatsQuery, InsightsStatsQueryVariables>;
export const InsightsChoicesDocument = {"__meta__":{"hash":"sha256:4ecb7023efbbcf9b2c3fa816e116acbd3dd351c4c18d375de260eb4445a51fc9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InsightsChoices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ministries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"marketTestingStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"byCategory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"categoryLabel"}}]}}]}}]}}]} as unknown as DocumentNode<InsightsChoicesQuery, InsightsChoicesQueryVariables>;
export const InsightsRoundsDocument = {"__meta__":{"hash":"sha256:8347262a934cd83ed9457edfd4360cd517479a71e7acd830fe0a78896652ea48"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InsightsRounds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TenderFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"100"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"ANNOUNCED_ON"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"announcedOn"}},{"kind":"Field","name":{"kind":"Name","value":"fiscalYearLabel"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"numberOfBidders"}},{"kind":"Field","name":{"kind":"Name","value":"isSingleBid"}},{"kind":"Field","name":{"kind":"Name","value":"contractAmountYen"}},{"kind":"Field","name":{"kind":"Name","value":"costReductionRate"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"categoryLabel"}},{"kind":"Field","name":{"kind":"Name","value":"ministry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"winningBid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bidder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<InsightsRoundsQuery, InsightsRoundsQueryVariables>;
export const InsightsFlagsDocument = {"__meta__":{"hash":"sha256:c29a431932e20e0436a5b54df1903224d306573cb9c44c9ee2d29e0a9fd1cac5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InsightsFlags"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MarketTestingStatsFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"marketTestingStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"redFlagCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"titleLabel"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byMinistry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ministry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"redFlagCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"titleLabel"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]}}]} as unknown as DocumentNode<InsightsFlagsQuery, InsightsFlagsQueryVariables>;
export const InsightsFlaggedRoundsDocument = {"__meta__":{"hash":"sha256:8922067bcdadb8769f63f232eca2d1be31c147e8cecd966cff5f8716e7ca099e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InsightsFlaggedRounds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RedFlagFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"redFlags"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"titleLabel"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"}},{"kind":"Field","name":{"kind":"Name","value":"tender"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"announcedOn"}},{"kind":"Field","name":{"kind":"Name","value":"numberOfBidders"}},{"kind":"Field","name":{"kind":"Name","value":"contractAmountYen"}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ministry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"winningBid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bidder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<InsightsFlaggedRoundsQuery, InsightsFlaggedRoundsQueryVariables>;
export const InsightsPilotsDocument = {"__meta__":{"hash":"sha256:0286445e619429dffa1c194a69e9383174e951a8bd30282bd697fd7e1047c720"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InsightsPilots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"localPilotStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pilotCount"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCount"}},{"kind":"Field","name":{"kind":"Name","value":"byStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byScheme"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schemeLabel"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byPrefecture"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefecture"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pilotCount"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCount"}}]}}]}}]}}]} as unknown as DocumentNode<InsightsPilotsQuery, InsightsPilotsQueryVariables>;
export const InsightsPrefecturePilotsDocument = {"__meta__":{"hash":"sha256:fac753d5abed1ac94e4b826078d4a2646771e33e2dd74cc67030b3e88e1b40f9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InsightsPrefecturePilots"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"prefectureCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"localPilots"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"prefectureCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"prefectureCode"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"schemeLabel"}},{"kind":"Field","name":{"kind":"Name","value":"startedOn"}},{"kind":"Field","name":{"kind":"Name","value":"endedOn"}},{"kind":"Field","name":{"kind":"Name","value":"municipality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<InsightsPrefecturePilotsQuery, InsightsPrefecturePilotsQueryVariables>;
export const InsightsFindServiceDocument = {"__meta__":{"hash":"sha256:84d7ce0808ef588cafa0c8a82d941b2561bb42898cf61e2551e8a5ae96e63b4c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InsightsFindService"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"query"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"targetProjects"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"query"},"value":{"kind":"Variable","name":{"kind":"Name","value":"query"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"ministry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<InsightsFindServiceQuery, InsightsFindServiceQueryVariables>;
export const InsightsServiceDocument = {"__meta__":{"hash":"sha256:10989bd6f5dabbb83a0f774901f82f54317600ee4a94119774e721dad901b605"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InsightsService"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TargetProject"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kana"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"categoryLabel"}},{"kind":"Field","name":{"kind":"Name","value":"methodLabel"}},{"kind":"Field","name":{"kind":"Name","value":"baselineAnnualCostYen"}},{"kind":"Field","name":{"kind":"Name","value":"ministry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policyEntries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actionLabel"}},{"kind":"Field","name":{"kind":"Name","value":"policy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"decidedOn"}},{"kind":"Field","name":{"kind":"Name","value":"fiscalYearLabel"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"guidelineMilestones"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kindLabel"}},{"kind":"Field","name":{"kind":"Name","value":"occurredOn"}},{"kind":"Field","name":{"kind":"Name","value":"endsOn"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"tenders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"ANNOUNCED_ON"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"ASC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"round"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"announcedOn"}},{"kind":"Field","name":{"kind":"Name","value":"bidDeadline"}},{"kind":"Field","name":{"kind":"Name","value":"openedOn"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"bidsSealed"}},{"kind":"Field","name":{"kind":"Name","value":"numberOfBidders"}},{"kind":"Field","name":{"kind":"Name","value":"reservePriceYen"}},{"kind":"Field","name":{"kind":"Name","value":"contractAmountYen"}},{"kind":"Field","name":{"kind":"Name","value":"contractStart"}},{"kind":"Field","name":{"kind":"Name","value":"contractEnd"}},{"kind":"Field","name":{"kind":"Name","value":"winningBid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bids"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"30"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amountYen"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"bidder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"evaluations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decidedOn"}},{"kind":"Field","name":{"kind":"Name","value":"decisionLabel"}},{"kind":"Field","name":{"kind":"Name","value":"fiscalYear"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"exitCriteriaMet"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<InsightsServiceQuery, InsightsServiceQueryVariables>;
export const ViewerDocument = {"__meta__":{"hash":"sha256:ab818e426cf94f867b7ac78c73b7f2ebbb65b3bdeabc58330c129627e8481dba"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"municipality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefecture"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"ministry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const PrefecturePilotsDocument = {"__meta__":{"hash":"sha256:e7bfaf0fdecd1ab5a977c594af6e4599f05355a4632e9b2d47b795c784f77936"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PrefecturePilots"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"prefectureCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"100"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"localPilots"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"prefectureCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"prefectureCode"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"scheme"}},{"kind":"Field","name":{"kind":"Name","value":"schemeLabel"}},{"kind":"Field","name":{"kind":"Name","value":"services"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"startedOn"}},{"kind":"Field","name":{"kind":"Name","value":"municipality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tenders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"ROUND"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"round"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PrefecturePilotsQuery, PrefecturePilotsQueryVariables>;
export const PrefecturePilotStatsDocument = {"__meta__":{"hash":"sha256:3d450d1911da157052063917298072a3fd2e87f6a81402635622cd6812170915"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PrefecturePilotStats"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"prefectureCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"localPilotStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"prefectureCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"prefectureCode"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pilotCount"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCount"}},{"kind":"Field","name":{"kind":"Name","value":"byStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byScheme"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheme"}},{"kind":"Field","name":{"kind":"Name","value":"schemeLabel"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byService"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"service"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<PrefecturePilotStatsQuery, PrefecturePilotStatsQueryVariables>;
export const LocalPilotVersionDocument = {"__meta__":{"hash":"sha256:722568d7ec0228f18c7e94583042bac7672526377de54a85db8c01731ed717df"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LocalPilotVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LocalPilot"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"municipality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LocalPilotVersionQuery, LocalPilotVersionQueryVariables>;
export const RegisterLocalPilotDocument = {"__meta__":{"hash":"sha256:8203fd4355d1b01a0b293a65507fd7eb6739f45116bca62027e65049325663e8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterLocalPilot"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterLocalPilotInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerLocalPilot"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"localPilot"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterLocalPilotMutation, RegisterLocalPilotMutationVariables>;
export const TransitionLocalPilotDocument = {"__meta__":{"hash":"sha256:4ef8cb76caf660e682010b564d1abf25dd8c3e371313276a11fb9478c77bbdfb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TransitionLocalPilot"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TransitionLocalPilotInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transitionLocalPilot"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"localPilot"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<TransitionLocalPilotMutation, TransitionLocalPilotMutationVariables>;
export const MinistryProjectsDocument = {"__meta__":{"hash":"sha256:d094eb69792ef7639017e544f3793db64cc54e5e6ed504c683de301b0cb21b89"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MinistryProjects"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ministryCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"targetProjects"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ministryCodes"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"ministryCode"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"UPDATED_AT"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"baselineAnnualCostYen"}},{"kind":"Field","name":{"kind":"Name","value":"latestTender"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"round"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"announcedOn"}},{"kind":"Field","name":{"kind":"Name","value":"numberOfBidders"}},{"kind":"Field","name":{"kind":"Name","value":"isSingleBid"}},{"kind":"Field","name":{"kind":"Name","value":"contractAmountYen"}},{"kind":"Field","name":{"kind":"Name","value":"winningBid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bidder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestEvaluation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"decisionLabel"}},{"kind":"Field","name":{"kind":"Name","value":"exitCriteriaMet"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MinistryProjectsQuery, MinistryProjectsQueryVariables>;
export const PublicEventsDocument = {"__meta__":{"hash":"sha256:90d81bde956ea384f2af27ec115e351c3f9d4c904e06bacbd5f43c113f158380"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PublicEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EventFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publicEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"typeLabel"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"ministryCode"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"amountYen"}},{"kind":"Field","name":{"kind":"Name","value":"tender"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"round"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusLabel"}},{"kind":"Field","name":{"kind":"Name","value":"bidDeadline"}},{"kind":"Field","name":{"kind":"Name","value":"numberOfBidders"}}]}}]}}]}}]} as unknown as DocumentNode<PublicEventsSubscription, PublicEventsSubscriptionVariables>;