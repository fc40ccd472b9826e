import type { LabelSet } from '../../core/text/labels.js';
import { bad, ok, type Parsed } from './parsed.model.js';

/**
 * The Japanese labels ministry tables use for each enumeration: each set lives beside its
 * enum (core/text/labels.ts); the first label of each value is the one exports write, the
 * others are accepted on import, as is the API's own enum name (`LOWEST_PRICE`).
 */
export type { LabelSet } from '../../core/text/labels.js';
export { labelOf } from '../../core/text/labels.js';
export { CATEGORY_LABELS, METHOD_LABELS, PROJECT_STATUS_LABELS } from '../project/project.enum.js';
export { AWARD_CRITERIA_LABELS, BID_STATUS_LABELS, BIDDER_KIND_LABELS, TENDER_STATUS_LABELS } from '../tender/tender.enum.js';

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
