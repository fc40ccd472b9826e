/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** 評価の結論 (the committee's decision after evaluating a contract). */
export type EvaluationDecision =
  /** 継続 (market testing continues with the next round). */
  | 'CONTINUE'
  /** 市場化テスト終了 (the service leaves market testing). */
  | 'EXIT'
  /** 改善の上再実施 (tender again with revised guidelines). */
  | 'RETENDER_WITH_IMPROVEMENTS';

/** 対象公共サービスの状態 (where a target service is in market testing). */
export type TargetProjectStatus =
  /** 廃止 (the service itself was abolished). */
  | 'ABOLISHED'
  /** 市場化テスト終了 (left market testing after a positive evaluation). */
  | 'EXITED'
  /** 実施要項案作成中 (implementation guidelines being drafted or revised). */
  | 'GUIDELINES_DRAFTING'
  /** 実施要項決定 (guidelines fixed after the committee's review). */
  | 'GUIDELINES_FIXED'
  /** 事業実施中 (a contract is running after an award). */
  | 'IN_OPERATION'
  /** 意見募集中 (draft guidelines out for public comment). */
  | 'PUBLIC_COMMENT'
  /** 選定 (selected by a basic policy; guidelines not started). */
  | 'SELECTED'
  /** 入札手続中 (a tender round is being run). */
  | 'TENDERING'
  /** 評価中 (the committee is evaluating how the contract went). */
  | 'UNDER_EVALUATION';

/** 入札の状態 (status of a tender round). */
export type TenderStatus =
  /** 落札 (awarded to a winning bid). Bids are public. */
  | 'AWARDED'
  /** 中止 (cancelled before award). */
  | 'CANCELLED'
  /** 締切 (bidding closed, bids not yet opened). Bids are sealed. */
  | 'CLOSED'
  /** 公告中 (announced; bids are being accepted). Bids are sealed. */
  | 'OPEN'
  /** 予定 (planned; not yet announced). */
  | 'PLANNED'
  /** 不調・不落 (no valid bid, or none within the reserve price). Bids are public. */
  | 'UNSUCCESSFUL';

export type MinistryProjectsQueryVariables = Exact<{
  ministryCode: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MinistryProjectsQuery = { targetProjects: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, status: TargetProjectStatus, baselineAnnualCostYen: number, latestTender: { round: number, status: TenderStatus, announcedOn: string, numberOfBidders: number | null, isSingleBid: boolean | null, contractAmountYen: number | null, winningBid: { bidder: { name: string } } | null } | null, latestEvaluation: { decision: EvaluationDecision, exitCriteriaMet: boolean } | null }> } };


export const MinistryProjectsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MinistryProjects"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ministryCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"targetProjects"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ministryCodes"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"ministryCode"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"UPDATED_AT"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"baselineAnnualCostYen"}},{"kind":"Field","name":{"kind":"Name","value":"latestTender"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"round"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"announcedOn"}},{"kind":"Field","name":{"kind":"Name","value":"numberOfBidders"}},{"kind":"Field","name":{"kind":"Name","value":"isSingleBid"}},{"kind":"Field","name":{"kind":"Name","value":"contractAmountYen"}},{"kind":"Field","name":{"kind":"Name","value":"winningBid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bidder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestEvaluation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"exitCriteriaMet"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MinistryProjectsQuery, MinistryProjectsQueryVariables>;