import { corporateNumberCheckDigit } from '../../src/core/codes/corporate-number.js';
import { fiscalYearOf, formatJapaneseDate } from '../../src/core/calendar/fiscal-year.js';
import { DataSource } from '../../src/core/db/data-source.enum.js';
import { normaliseForSearch } from '../../src/core/text/search-text.js';
import { MunicipalityKind } from '../../src/modules/municipality/municipality.enum.js';
import { LocalPilotScheme, LocalPilotStatus } from '../../src/modules/pilot/pilot.enum.js';
import { CompetitionMethod, TargetProjectCategory } from '../../src/modules/project/project.enum.js';
import { BidderKind } from '../../src/modules/tender/tender.enum.js';
import { Random } from '../random.js';
import { MINISTRIES } from '../reference/ministries.js';
import { localGovernmentRows } from '../reference/local-governments.js';
import { emptySampleData, IdSequence, type SampleData } from '../sample-data.js';
import { instant } from './dates.js';
import { firmName, projectName, projectSummary } from './names.js';
import { plantFlagPatterns } from './flag-patterns.js';
import { simulatePilot } from './pilots.js';
import { ProgrammeSimulator, type BidderPools, type PolicyRef, type ProjectPlan } from './programme.js';
import { ANCHORED_PILOTS, anchoredProjects, PUBLIC_POLICIES } from './public-records.js';

export interface SampleOptions {
  /** 1 is about today's programme: ~400 services, ~1,500 rounds, ~6,000 bids, ~80 pilots. */
  scale: number;
  /** Random seed: the same seed and scale give the same rows. */
  seed: number;
  /** The date the sample stands on: rounds in progress then are OPEN or CLOSED (sealed). */
  asOf: string;
}

export const DEFAULT_SAMPLE: SampleOptions = { scale: 1, seed: 20060905, asOf: '2026-11-01' };

const PROJECTS_PER_SCALE = 400;
const PILOTS_PER_SCALE = 80;
const FIRMS_PER_CATEGORY_PER_SCALE = 35;

/** Builds the whole sample database in memory, deterministically from the options. */
export function buildSampleData(options: SampleOptions): SampleData {
  const r = new Random(options.seed);
  const ids = new IdSequence();
  const data = emptySampleData();
  const loadedAt = instant('2006-04-01');

  // Ministries (reference data: real bodies).
  const ministries = new Map<string, { id: number; code: string }>();
  for (const m of MINISTRIES) ministries.set(m.code, { id: ids.take('ministry'), code: m.code });
  for (const m of MINISTRIES) {
    data.ministry.push({
      id: ministries.get(m.code)!.id,
      created_at: loadedAt,
      updated_at: loadedAt,
      code: m.code,
      name: m.name,
      name_en: m.nameEn,
      kind: m.kind,
      parent_id: m.parent ? ministries.get(m.parent)!.id : null,
    });
  }

  data.municipality = localGovernmentRows(ids, loadedAt);

  // One basic-policy edition per fiscal year, 2006 to 2025; three dates are public record.
  const policies: PolicyRef[] = [];
  const policyByYear = new Map<number, PolicyRef>();
  for (let year = 2006; year <= 2025; year++) {
    const anchored = PUBLIC_POLICIES[year];
    const decidedOn = anchored?.decidedOn ?? `${year}-${String(r.int(6, 7)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    const ref = { id: ids.take('basic_policy'), decidedOn };
    policies.push(ref);
    policyByYear.set(fiscalYearOf(decidedOn), ref);
    data.basic_policy.push({
      id: ref.id,
      created_at: instant(decidedOn),
      updated_at: instant(decidedOn),
      title: `公共サービス改革基本方針（${formatJapaneseDate(decidedOn)}閣議決定）`,
      decided_on: decidedOn,
      fiscal_year: fiscalYearOf(decidedOn),
      supersedes_id: policies.length > 1 ? policies[policies.length - 2].id : null,
      data_source: anchored ? DataSource.PUBLIC_RECORD : DataSource.SAMPLE,
      source_note: anchored?.note ?? null,
    });
  }

  const pools = bidderPools(r, ids, data, options.scale, ministries);
  const simulator = new ProgrammeSimulator(r, ids, data, pools, policies, options.asOf);

  const anchors = anchoredProjects(r, ministries, policyByYear);
  const names = new Set<string>();
  for (const plan of anchors) {
    names.add(plan.name);
    simulator.simulate(plan);
  }
  const total = PROJECTS_PER_SCALE * options.scale;
  for (let i = anchors.length; i < total; i++) simulator.simulate(generatedPlan(r, ministries, policies, names));

  // Local pilots: the anchored ones, then generated ones in cities and Tokyo's wards.
  const municipalities = data.municipality;
  const counterFirms = pools.firmsByCategory.get(TargetProjectCategory.COUNTER_SERVICE)!;
  for (const anchor of ANCHORED_PILOTS) {
    const prefecture = municipalities.find((m) => m.name === anchor.prefecture && m.kind === MunicipalityKind.PREFECTURE)!;
    const target = municipalities.find((m) => m.name === anchor.name && m.prefecture_id === prefecture.id)!;
    simulatePilot(
      r,
      ids,
      data,
      {
        municipalityId: target.id as number,
        municipalityName: anchor.name,
        scheme: LocalPilotScheme[anchor.scheme],
        status: 'status' in anchor ? LocalPilotStatus[anchor.status] : undefined,
        startYear: 'startYear' in anchor ? anchor.startYear : undefined,
        dataSource: DataSource.PUBLIC_RECORD,
        sourceNote: anchor.note,
      },
      counterFirms,
      options.asOf,
    );
  }
  const candidates = municipalities.filter((m) => m.kind === MunicipalityKind.MUNICIPALITY && /[市区]$/.test(m.name as string));
  const pilotTotal = PILOTS_PER_SCALE * options.scale;
  for (let i = ANCHORED_PILOTS.length; i < pilotTotal; i++) {
    const m = r.pick(candidates);
    simulatePilot(r, ids, data, { municipalityId: m.id as number, municipalityName: m.name as string }, counterFirms, options.asOf);
  }
  plantFlagPatterns(data, options.seed);
  return data;
}

const METHOD_SHARE = 0.06; // 官民競争入札 was rare: Aug 2010, 3 of 83 services.

function generatedPlan(
  r: Random,
  ministries: Map<string, { id: number; code: string }>,
  policies: PolicyRef[],
  names: Set<string>,
): ProjectPlan {
  const m = r.weighted(MINISTRIES.map((x) => [x, x.weight] as const));
  const category = r.chance(0.85) ? r.pick(m.categories) : r.pick(Object.values(TargetProjectCategory));
  // Selections peaked in the programme's first decade.
  const policy = r.weighted(policies.map((p, i) => [p, i < 10 ? 3 : i < 15 ? 1.5 : 1] as const));
  // Names are unique, as in a ministry's own list: a few tries, then "（その2）" and so on.
  let name = projectName(m.code, m.name, category, r);
  for (let tries = 0; names.has(name) && tries < 8; tries++) name = projectName(m.code, m.name, category, r);
  for (let n = 2; names.has(name); n++) name = `${name.replace(/（その\d+）$/, '')}（その${n}）`;
  names.add(name);
  const baseline =
    Math.round(
      r.weighted([
        [r.between(10, 80), 5],
        [r.between(80, 600), 4],
        [r.between(600, 5000), 1],
      ] as const),
    ) * 1_000_000;
  return {
    ministryId: ministries.get(m.code)!.id,
    ministryCode: m.code,
    name,
    summary: projectSummary(name, category),
    category,
    method: r.chance(METHOD_SHARE) ? CompetitionMethod.PUBLIC_PRIVATE : CompetitionMethod.PRIVATE,
    baselineAnnualCostYen: baseline,
    selectedBy: policy,
  };
}

/** Firms by trade (the same firms meet again round after round), and each ministry's own unit. */
function bidderPools(
  r: Random,
  ids: IdSequence,
  data: SampleData,
  scale: number,
  ministries: Map<string, { id: number; code: string }>,
): BidderPools {
  const firmsByCategory = new Map<TargetProjectCategory, number[]>();
  const names = new Set<string>();
  const numbers = new Set<string>();
  const registered = instant('2006-04-01');
  for (const category of Object.values(TargetProjectCategory)) {
    const pool: number[] = [];
    for (let i = 0; i < FIRMS_PER_CATEGORY_PER_SCALE * scale; i++) {
      let name = firmName(category, r);
      for (let n = 2; names.has(name); n++) name = `${firmName(category, r)}${n > 5 ? n : ''}`;
      names.add(name);
      let base: string;
      do base = String(r.int(100000, 999999)) + String(r.int(0, 999999)).padStart(6, '0');
      while (numbers.has(base));
      numbers.add(base);
      const id = ids.take('bidder');
      data.bidder.push({
        id,
        created_at: registered,
        updated_at: registered,
        name,
        corporate_number: `${corporateNumberCheckDigit(base)}${base}`,
        kind: BidderKind.PRIVATE,
        data_source: DataSource.SAMPLE,
        search_text: normaliseForSearch(name),
      });
      pool.push(id);
    }
    firmsByCategory.set(category, pool);
  }
  const publicSectorByMinistry = new Map<number, number>();
  for (const m of MINISTRIES) {
    const id = ids.take('bidder');
    const name = `${m.name}（官側応札）`;
    data.bidder.push({
      id,
      created_at: registered,
      updated_at: registered,
      name,
      corporate_number: null,
      kind: BidderKind.PUBLIC_SECTOR,
      data_source: DataSource.SAMPLE,
      search_text: normaliseForSearch(name),
    });
    publicSectorByMinistry.set(ministries.get(m.code)!.id, id);
  }
  return { firmsByCategory, publicSectorByMinistry };
}
