import { CompetitionMethod, TargetProjectCategory, TargetProjectStatus } from '../project/project.enum.js';
import { AwardCriteria, BidderKind, BidStatus, TenderStatus } from '../tender/tender.enum.js';
import { bad, ok, type Parsed } from './parsed.model.js';

/**
 * The Japanese labels ministry tables use for each enumeration: the first label of each
 * value is the one exports write; the others are accepted on import, as is the API's own
 * enum name (`LOWEST_PRICE`). Labels follow the enum descriptions in the schema.
 */
export interface LabelSet<E extends string> {
  /** What the column holds, for error messages. */
  what: string;
  labels: Readonly<Record<E, readonly string[]>>;
}

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

export const AWARD_CRITERIA_LABELS: LabelSet<AwardCriteria> = {
  what: '落札方式',
  labels: { LOWEST_PRICE: ['最低価格落札方式', '最低価格'], RATED: ['総合評価落札方式', '総合評価'] },
};

export const TENDER_STATUS_LABELS: LabelSet<TenderStatus> = {
  what: '状態',
  labels: {
    PLANNED: ['予定'],
    OPEN: ['公告中'],
    CLOSED: ['締切'],
    AWARDED: ['落札'],
    UNSUCCESSFUL: ['不調', '不調・不落', '不落'],
    CANCELLED: ['中止'],
  },
};

export const BID_STATUS_LABELS: LabelSet<BidStatus> = {
  what: '結果',
  labels: {
    WON: ['落札'],
    LOST: ['非落札'],
    INVALID: ['無効'],
    WITHDRAWN: ['辞退'],
    VALID: ['有効'],
    SUBMITTED: ['提出'],
  },
};

export const BIDDER_KIND_LABELS: LabelSet<BidderKind> = {
  what: '事業者種別',
  labels: { PRIVATE: ['民間'], PUBLIC_SECTOR: ['官'] },
};

/** Yes/no cells (不落随契): ○ and はい as people write them. */
export const YES_NO_LABELS: LabelSet<'YES' | 'NO'> = {
  what: 'はい/いいえ',
  labels: { YES: ['はい', '○', '〇', '有', 'TRUE', '1'], NO: ['いいえ', '×', '無', 'FALSE', '0'] },
};

/** Folds full-width forms and spacing, so `最低価格 落札方式` and `ＬＯＷＥＳＴ＿ＰＲＩＣＥ` still match. */
function fold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

const indexes = new WeakMap<LabelSet<string>, Map<string, string>>();

function indexOf<E extends string>(set: LabelSet<E>): Map<string, E> {
  let index = indexes.get(set);
  if (!index) {
    index = new Map();
    for (const [value, labels] of Object.entries(set.labels) as [E, readonly string[]][]) {
      index.set(fold(value), value);
      for (const label of labels) index.set(fold(label), value);
    }
    indexes.set(set, index);
  }
  return index as Map<string, E>;
}

/** The enum value a cell names, by Japanese label or by the API's enum name. */
export function parseLabel<E extends string>(set: LabelSet<E>, text: string): Parsed<E> {
  const value = indexOf(set).get(fold(text));
  if (value !== undefined) return ok(value);
  const choices = (Object.values(set.labels) as readonly string[][]).map((l) => l[0]).join(' / ');
  return bad(`${text.trim()} is not a ${set.what} (use ${choices}, or the API's names)`);
}

/** The label exports write for a value. */
export function labelOf<E extends string>(set: LabelSet<E>, value: E): string {
  return set.labels[value][0];
}
