import type { Knex } from '@mikro-orm/knex';
import { labelOf } from '../../core/text/labels.js';
import {
  LocalPilotService,
  PILOT_SCHEME_LABELS,
  PILOT_STATUS_LABELS,
  type LocalPilotScheme,
  type LocalPilotStatus,
} from '../pilot/pilot.enum.js';
import { MunicipalityKind } from '../municipality/municipality.enum.js';
import type { LocalPilotStats } from './local-pilot-stats.type.js';

const SERVICES = Object.values(LocalPilotService);

/**
 * Local-pilot figures in four grouped statements and the list of prefectures. Services are stored as `,A,B,`, so each
 * service's count is a SUM over `LIKE '%,A,%'`, the same SQL on every database.
 */
export async function localPilotStats(knex: Knex, prefectureNumber: string | null): Promise<LocalPilotStats> {
  const scoped = (qb: Knex.QueryBuilder) => {
    if (prefectureNumber)
      qb.whereIn('lp.municipality_id', (sub: Knex.QueryBuilder) =>
        sub.select('id').from('municipality').where('prefecture_number', prefectureNumber),
      );
    return qb;
  };
  const totals = scoped(
    knex('local_pilot as lp').select(
      knex.raw('COUNT(*) AS "pilotCount"'),
      knex.raw('COUNT(DISTINCT lp.municipality_id) AS "municipalityCount"'),
      ...SERVICES.map((service, i) => knex.raw(`SUM(CASE WHEN lp.services_list LIKE ? THEN 1 ELSE 0 END) AS "s${i}"`, [`%,${service},%`])),
    ),
  );
  const statuses = scoped(
    knex('local_pilot as lp').select('lp.status as status').count({ n: '*' }).groupBy('lp.status').orderBy('lp.status'),
  );
  const schemes = scoped(
    knex('local_pilot as lp').select('lp.scheme as scheme').count({ n: '*' }).groupBy('lp.scheme').orderBy('lp.scheme'),
  );
  const perPrefecture = scoped(
    knex('local_pilot as lp')
      .join('municipality as m', 'm.id', 'lp.municipality_id')
      .select('m.prefecture_number as prefectureNumber')
      .select(knex.raw('COUNT(*) AS "pilotCount"'), knex.raw('COUNT(DISTINCT lp.municipality_id) AS "municipalityCount"'))
      .groupBy('m.prefecture_number'),
  );
  const prefectures = knex('municipality')
    .select('id', 'prefecture_number as prefectureNumber')
    .where('kind', MunicipalityKind.PREFECTURE)
    .orderBy('prefecture_number');
  if (prefectureNumber) prefectures.where('prefecture_number', prefectureNumber);
  const [[row], statusRows, schemeRows, prefectureRows, prefectureList] = (await Promise.all([
    totals,
    statuses,
    schemes,
    perPrefecture,
    prefectures,
  ])) as [
    Record<string, unknown>[],
    { status: LocalPilotStatus; n: number | string }[],
    { scheme: LocalPilotScheme; n: number | string }[],
    { prefectureNumber: string; pilotCount: number | string; municipalityCount: number | string }[],
    { id: number; prefectureNumber: string }[],
  ];
  const counted = new Map(prefectureRows.map((r) => [r.prefectureNumber, r]));
  return {
    pilotCount: Number(row.pilotCount),
    municipalityCount: Number(row.municipalityCount),
    byStatus: statusRows.map((r) => ({ status: r.status, statusLabel: labelOf(PILOT_STATUS_LABELS, r.status), count: Number(r.n) })),
    byScheme: schemeRows.map((r) => ({ scheme: r.scheme, schemeLabel: labelOf(PILOT_SCHEME_LABELS, r.scheme), count: Number(r.n) })),
    byPrefecture: prefectureList.map((p) => ({
      prefectureId: Number(p.id),
      pilotCount: Number(counted.get(p.prefectureNumber)?.pilotCount ?? 0),
      municipalityCount: Number(counted.get(p.prefectureNumber)?.municipalityCount ?? 0),
    })),
    byService: SERVICES.map((service, i) => ({ service, count: Number(row[`s${i}`] ?? 0) })).filter((s) => s.count > 0),
  };
}
