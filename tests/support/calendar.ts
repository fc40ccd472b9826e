/**
 * The calendar rules of docs/domain.md "Units and calendars", re-stated for the tests that
 * compute expected figures from rows (statistics, service life, the sample data), so that
 * expectations never come from the code under test.
 */

/** Fiscal year (April–March, named by its start year) of a `YYYY-MM-DD` date. */
export function fiscalYearOfDate(date: string): number {
  const [y, m] = date.split('-').map(Number);
  return m >= 4 ? y : y - 1;
}

/** Months of a contract period counting the first and the last month (2013-04 … 2016-09 is 42). */
export function monthsCountingBothEnds(start: string, end: string): number {
  const [sy, sm] = start.split('-').map(Number);
  const [ey, em] = end.split('-').map(Number);
  return (ey - sy) * 12 + (em - sm) + 1;
}
