import { registerEnumType } from 'type-graphql';
import type { LabelSet } from '../../core/text/labels.js';

/**
 * The lifecycle of a target service (docs/domain.md "TargetProject", the diagram):
 * SELECTED → GUIDELINES_DRAFTING → PUBLIC_COMMENT → GUIDELINES_FIXED → TENDERING →
 * IN_OPERATION → UNDER_EVALUATION → EXITED, with the loops back to GUIDELINES_DRAFTING
 * and ABOLISHED from anywhere.
 */
export enum TargetProjectStatus {
  SELECTED = 'SELECTED',
  GUIDELINES_DRAFTING = 'GUIDELINES_DRAFTING',
  PUBLIC_COMMENT = 'PUBLIC_COMMENT',
  GUIDELINES_FIXED = 'GUIDELINES_FIXED',
  TENDERING = 'TENDERING',
  IN_OPERATION = 'IN_OPERATION',
  UNDER_EVALUATION = 'UNDER_EVALUATION',
  EXITED = 'EXITED',
  ABOLISHED = 'ABOLISHED',
}

registerEnumType(TargetProjectStatus, {
  name: 'TargetProjectStatus',
  description: '対象公共サービスの状態 (where a target service is in market testing).',
  valuesConfig: {
    SELECTED: { description: '選定 (selected by a basic policy; guidelines not started).' },
    GUIDELINES_DRAFTING: { description: '実施要項案作成中 (implementation guidelines being drafted or revised).' },
    PUBLIC_COMMENT: { description: '意見募集中 (draft guidelines out for public comment).' },
    GUIDELINES_FIXED: { description: "実施要項決定 (guidelines fixed after the committee's review)." },
    TENDERING: { description: '入札手続中 (a tender round is being run).' },
    IN_OPERATION: { description: '事業実施中 (a contract is running after an award).' },
    UNDER_EVALUATION: { description: '評価中 (the committee is evaluating how the contract went).' },
    EXITED: { description: '市場化テスト終了 (left market testing after a positive evaluation).' },
    ABOLISHED: { description: '廃止 (the service itself was abolished).' },
  },
});

/** 官民競争入札 or 民間競争入札: who may bid (the Act, Art. 2). */
export enum CompetitionMethod {
  PUBLIC_PRIVATE = 'PUBLIC_PRIVATE',
  PRIVATE = 'PRIVATE',
}

registerEnumType(CompetitionMethod, {
  name: 'CompetitionMethod',
  description: '入札方式 (who may bid).',
  valuesConfig: {
    PUBLIC_PRIVATE: { description: "官民競争入札 (public-private: the ministry's own unit bids against private firms)." },
    PRIVATE: { description: '民間競争入札 (private competitive bidding: private firms only).' },
  },
});

/** The kinds of service market testing covers (docs/domain.md "TargetProject"). */
export enum TargetProjectCategory {
  COUNTER_SERVICE = 'COUNTER_SERVICE',
  COLLECTION = 'COLLECTION',
  STATISTICAL_SURVEY = 'STATISTICAL_SURVEY',
  FACILITY_MANAGEMENT = 'FACILITY_MANAGEMENT',
  IT_OPERATIONS = 'IT_OPERATIONS',
  CALL_CENTER = 'CALL_CENTER',
  TRAINING = 'TRAINING',
  RESEARCH = 'RESEARCH',
  OTHER = 'OTHER',
}

registerEnumType(TargetProjectCategory, {
  name: 'TargetProjectCategory',
  description: '分類 (kind of service).',
  valuesConfig: {
    COUNTER_SERVICE: { description: '窓口業務 (counter services, e.g. registry certificates).' },
    COLLECTION: { description: '徴収業務 (collection, e.g. national-pension premiums).' },
    STATISTICAL_SURVEY: { description: '統計調査 (statistical surveys).' },
    FACILITY_MANAGEMENT: { description: '施設管理・運営 (facility management and operation).' },
    IT_OPERATIONS: { description: '情報システム運用 (IT systems operation).' },
    CALL_CENTER: { description: 'コールセンター (call and contact centres).' },
    TRAINING: { description: '研修・講習 (training and courses).' },
    RESEARCH: { description: '調査研究 (research and studies).' },
    OTHER: { description: 'その他 (other services).' },
  },
});

/** Dated steps of the implementation guidelines (実施要項), docs/domain.md "TargetProject". */
export enum GuidelineMilestoneKind {
  DRAFT_PREPARED = 'DRAFT_PREPARED',
  PUBLIC_COMMENT_OPENED = 'PUBLIC_COMMENT_OPENED',
  PUBLIC_COMMENT_CLOSED = 'PUBLIC_COMMENT_CLOSED',
  SUBCOMMITTEE_REVIEWED = 'SUBCOMMITTEE_REVIEWED',
  COMMITTEE_APPROVED = 'COMMITTEE_APPROVED',
  GUIDELINES_FIXED = 'GUIDELINES_FIXED',
}

registerEnumType(GuidelineMilestoneKind, {
  name: 'GuidelineMilestoneKind',
  description: '実施要項の節目 (a dated step of the implementation guidelines).',
  valuesConfig: {
    DRAFT_PREPARED: { description: '実施要項案作成 (draft prepared: required quality, award criteria, disclosure of past operation).' },
    PUBLIC_COMMENT_OPENED: { description: '意見募集開始 (public comment opened).' },
    PUBLIC_COMMENT_CLOSED: { description: '意見募集終了 (public comment closed).' },
    SUBCOMMITTEE_REVIEWED: { description: '入札監理小委員会審議 (reviewed by the bidding subcommittee).' },
    COMMITTEE_APPROVED: { description: '監理委員会了承 (approved by the supervisory committee).' },
    GUIDELINES_FIXED: { description: '実施要項決定 (guidelines fixed and published).' },
  },
});

/** Fields `targetProjects` can be ordered by (docs/api.md "Order fields"). */
export enum TargetProjectOrderField {
  NAME = 'NAME',
  UPDATED_AT = 'UPDATED_AT',
  BASELINE_COST = 'BASELINE_COST',
  CREATED_AT = 'CREATED_AT',
}

registerEnumType(TargetProjectOrderField, {
  name: 'TargetProjectOrderField',
  description: 'Orders target services; ties are broken by id.',
  valuesConfig: {
    NAME: { description: '事業名 (name, in Unicode code-point order on every database).' },
    UPDATED_AT: { description: '更新日時 (last change).' },
    BASELINE_COST: { description: '従来経費 (baseline annual cost).' },
    CREATED_AT: { description: '登録日時 (when the record was created).' },
  },
});

// Japanese labels (core/text/labels.ts): the first is read in the API's `…Label` fields and written by exports.
export const CATEGORY_LABELS: LabelSet<TargetProjectCategory> = {
  what: '分類',
  labels: {
    COUNTER_SERVICE: ['窓口業務', '窓口'],
    COLLECTION: ['徴収業務', '徴収'],
    STATISTICAL_SURVEY: ['統計調査'],
    FACILITY_MANAGEMENT: ['施設管理・運営', '施設管理', '施設運営'],
    IT_OPERATIONS: ['情報システム運用', 'システム運用'],
    CALL_CENTER: ['コールセンター'],
    TRAINING: ['研修・講習', '研修', '講習'],
    RESEARCH: ['調査研究'],
    OTHER: ['その他'],
  },
};

export const METHOD_LABELS: LabelSet<CompetitionMethod> = {
  what: '入札方式',
  labels: { PUBLIC_PRIVATE: ['官民競争入札', '官民競争'], PRIVATE: ['民間競争入札', '民間競争'] },
};

export const PROJECT_STATUS_LABELS: LabelSet<TargetProjectStatus> = {
  what: '状態',
  labels: {
    SELECTED: ['選定'],
    GUIDELINES_DRAFTING: ['実施要項案作成中', '実施要項作成中'],
    PUBLIC_COMMENT: ['意見募集中'],
    GUIDELINES_FIXED: ['実施要項決定'],
    TENDERING: ['入札手続中'],
    IN_OPERATION: ['事業実施中', '実施中'],
    UNDER_EVALUATION: ['評価中'],
    EXITED: ['市場化テスト終了', '終了'],
    ABOLISHED: ['廃止'],
  },
};

export const GUIDELINE_MILESTONE_LABELS: LabelSet<GuidelineMilestoneKind> = {
  what: '実施要項の節目',
  labels: {
    DRAFT_PREPARED: ['実施要項案作成'],
    PUBLIC_COMMENT_OPENED: ['意見募集開始'],
    PUBLIC_COMMENT_CLOSED: ['意見募集終了'],
    SUBCOMMITTEE_REVIEWED: ['入札監理小委員会審議'],
    COMMITTEE_APPROVED: ['監理委員会了承'],
    GUIDELINES_FIXED: ['実施要項決定'],
  },
};
