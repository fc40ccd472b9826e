import { parseFiscalYear } from '../calendar/fiscal-year.js';
import { badUserInput } from './errors.js';

/**
 * A filter's fiscal years, as the loaders read them. Each pair names a deprecated `Int` field
 * (`fiscalYear`) and the `FiscalYear` field that replaces it (`year`, which the scalar has
 * already read from 令和6年度 / R6 / 2024). The answer carries the year in the old field, so
 * the loaders read one field. The old field is held to the scalar's range: `fiscalYear: 6`
 * was an empty list, and is now BAD_USER_INPUT saying 令和6年度 is 2024. Both given and
 * different is BAD_USER_INPUT too.
 */
export function withFiscalYears<F extends object>(
  filter: F | null | undefined,
  pairs: readonly (readonly [legacy: keyof F & string, current: keyof F & string])[],
): F | null | undefined {
  if (!filter) return filter;
  const out = { ...filter } as Record<string, unknown>;
  for (const [legacy, current] of pairs) {
    const old = out[legacy] as number | null | undefined;
    const given = out[current] as number | null | undefined;
    if (old != null) {
      try {
        parseFiscalYear(old);
      } catch (e) {
        throw badUserInput((e as Error).message, legacy);
      }
    }
    if (old != null && given != null && old !== given) {
      throw badUserInput(
        `${legacy} と ${current} が違う年度です（\`${legacy}\` (${old}) and \`${current}\` (${given}) differ: give \`${current}\` alone）`,
        current,
      );
    }
    out[legacy] = given ?? old ?? null;
  }
  return out as unknown as F;
}
