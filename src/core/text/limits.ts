import type { Problems } from '../graphql/user-error.js';
import { isIsoDate } from '../calendar/fiscal-year.js';

/** Input length limits: long enough for real titles, short enough to keep abuse out. */
export const LIMITS = { name: 300, title: 300, summary: 4000, note: 2000, indicator: 200 } as const;

/** Checks a required or optional text input: trimmed, not empty, within `max` characters. */
export function checkText(problems: Problems, field: string, value: string | null | undefined, max: number, required = true): void {
  if (value === undefined || value === null) {
    if (required) problems.add(field, `${field} は必須です（${field} is required）`);
    return;
  }
  if (value.trim() === '') problems.add(field, `${field} は空にできません（${field} must not be empty）`);
  else if ([...value].length > max)
    problems.add(
      field,
      `${field} は ${max} 文字までです（${[...value].length} 文字あります）（${field} must be at most ${max} characters (got ${[...value].length})）`,
    );
}

/** Checks that dates given in order (`YYYY-MM-DD`, all present ones) do not go backwards. */
export function checkDateOrder(problems: Problems, dates: [field: string, value: string | null | undefined][]): void {
  let previous: [string, string] | null = null;
  for (const [field, value] of dates) {
    if (value == null || !isIsoDate(value)) continue;
    if (previous && value < previous[1])
      problems.add(
        field,
        `${field}（${value}）は ${previous[0]}（${previous[1]}）より前にできません（${field} (${value}) must not be before ${previous[0]} (${previous[1]})）`,
      );
    previous = [field, value];
  }
}

/** Checks an integer within a range, e.g. a fiscal year. */
export function checkRange(problems: Problems, field: string, value: number | null | undefined, min: number, max: number): void {
  if (value == null) return;
  if (!Number.isFinite(value) || value < min || value > max)
    problems.add(field, `${field} は ${min}〜${max} の範囲です（${value}）（${field} must be from ${min} to ${max} (got ${value})）`);
}
