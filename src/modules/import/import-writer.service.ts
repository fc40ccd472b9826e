import type { Knex } from '@mikro-orm/knex';
import type { Viewer } from '../../core/auth/viewer.js';
import { fiscalYearOf, monthsInPeriod } from '../../core/calendar/fiscal-year.js';
import { DataSource } from '../../core/db/data-source.enum.js';
import { releaseSealedHistory, takeSealedChangeIds } from '../history/sealed-history.service.js';
import { nextBidIds } from '../tender/bid-ids.service.js';
import { isOpened } from '../seal/seal.service.js';
import { toGlobalId } from '../../core/graphql/global-id.js';
import { normaliseForSearch } from '../../core/text/search-text.js';
import { targetProjectSearchText } from '../project/target-project-search.service.js';
import { diff } from '../history/history.service.js';
import type { ImportWorld, ProjectModel, TenderModel, Tracked } from './import-world.model.js';

/** The history action of every entry an import writes; the note names the file and rows. */
export const IMPORT_ACTION = 'import';

export class StaleImportError extends Error {}

/**
 * Rows per INSERT: SQLite binds at most 32,766 values and knex writes its multi-row insert as
 * a compound SELECT of at most 500 terms; PostgreSQL binds up to 65,535 values.
 */
const LIMITS = { sqlite: { bindings: 30_000, rows: 500 }, postgresql: { bindings: 60_000, rows: 5_000 } } as const;

type Row = Record<string, unknown>;
type Dialect = 'sqlite' | 'postgresql';

/**
 * Ids for new rows, taken before inserting so children can point at their parents in bulk.
 * PostgreSQL hands them out from the table's sequence (safe beside concurrent writers);
 * SQLite has one writer at a time, and a transaction that read before another process wrote
 * fails on its first write (WAL), so MAX(id) read inside the transaction cannot collide.
 */
async function allocateIds(trx: Knex.Transaction, dialect: Dialect, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  if (dialect === 'postgresql') {
    const result = (await trx.raw(`SELECT nextval(pg_get_serial_sequence(?, 'id')) AS id FROM generate_series(1, ?)`, [table, count])) as {
      rows: { id: string | number }[];
    };
    return result.rows.map((r) => Number(r.id));
  }
  const [{ max }] = (await trx(table).max({ max: 'id' })) as { max: number | null }[];
  return Array.from({ length: count }, (_, i) => Number(max ?? 0) + i + 1);
}

async function insertAll(
  trx: Knex.Transaction,
  dialect: Dialect,
  table: string,
  rows: Row[],
  progress: (done: number) => void,
): Promise<void> {
  if (rows.length === 0) return;
  const limit = LIMITS[dialect];
  const chunk = Math.max(1, Math.min(limit.rows, Math.floor(limit.bindings / Object.keys(rows[0]).length)));
  for (let i = 0; i < rows.length; i += chunk) {
    await trx(table).insert(rows.slice(i, i + chunk));
    progress(Math.min(rows.length, i + chunk));
  }
}

/** Updates a versioned row only if nobody changed it since it was read (optimistic concurrency, as the API). */
async function updateVersioned(trx: Knex.Transaction, table: string, id: number, version: number, values: Row, now: Date): Promise<void> {
  const count = await trx(table)
    .where({ id, version })
    .update({ ...values, version: version + 1, updated_at: now });
  if (Number(count) !== 1)
    throw new StaleImportError(`${table} ${id} was changed by someone else during the import: nothing was written; run the import again`);
}

function noteFor(source: string, model: Tracked<object>): string {
  const rows = [...model.rows].sort((a, b) => a - b);
  const shown = rows.length > 5 ? `${rows.slice(0, 5).join(', ')}, …` : rows.join(', ');
  return `import:${source} row${rows.length > 1 ? 's' : ''} ${shown}${model.cause ? ` (${model.cause})` : ''}`;
}

interface Entry {
  objectType: string;
  model: Tracked<object>;
  refs: () => Record<string, unknown>;
  sealedTenderId: () => number | null;
  /** Whether that round is still sealed after the import (its entries then stay under the seal). */
  sealed: () => boolean;
}

/** What the import wrote to the history, and whether anyone without a seal's access can see it. */
export interface ImportHistory {
  entries: number;
  /** An entry (or a release of sealed ones) that callers outside every seal can see. */
  public: boolean;
}

/**
 * Writes what an import changed, in the caller's transaction: new bidders, services,
 * rounds and bids in batched inserts with ids taken up front; changed rows one by one
 * under their version; then one history entry per created or changed record (action
 * `import`, the actor the token names, the file and rows in the note), the entries about
 * rounds and bids sealed with their round like the API's.
 */
export async function writeImport(
  trx: Knex.Transaction,
  dialect: Dialect,
  world: ImportWorld,
  actor: Viewer,
  source: string,
  progress: (message: string) => void = () => {},
): Promise<ImportHistory> {
  const now = new Date();
  const projects = world.projects;
  const tenders = projects.flatMap((p) => p.tenders);
  const bids = tenders.flatMap((t) => t.bids);
  const bidders = world.bidders;
  const throttle = (label: string, total: number) => {
    let last = 0;
    return (done: number) => {
      if (total < 5_000 || (Date.now() - last < 1_000 && done < total)) return;
      last = Date.now();
      progress(`writing ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
    };
  };

  const newBidders = bidders.filter((b) => b.isNew);
  (await allocateIds(trx, dialect, 'bidder', newBidders.length)).forEach((id, i) => (newBidders[i].id = id));
  await insertAll(
    trx,
    dialect,
    'bidder',
    newBidders.map((b) => ({
      id: b.id,
      created_at: now,
      updated_at: now,
      name: b.current.name,
      corporate_number: b.current.corporateNumber,
      kind: b.current.kind,
      data_source: DataSource.IMPORTED,
      search_text: normaliseForSearch(b.current.name),
    })),
    throttle('bidders', newBidders.length),
  );

  const newProjects = projects.filter((p) => p.isNew);
  (await allocateIds(trx, dialect, 'target_project', newProjects.length)).forEach((id, i) => (newProjects[i].id = id));
  await insertAll(
    trx,
    dialect,
    'target_project',
    newProjects.map((p) => projectRow(p, now)),
    throttle('services', newProjects.length),
  );
  for (const p of projects.filter((x) => !x.isNew && x.changed)) {
    const c = p.current;
    await updateVersioned(
      trx,
      'target_project',
      p.id!,
      p.original!.version,
      {
        summary: c.summary,
        category: c.category,
        method: c.method,
        baseline_annual_cost_yen: c.baselineAnnualCostYen,
        status: c.status,
        search_text: targetProjectSearchText(c),
      },
      now,
    );
  }

  const newTenders = tenders.filter((t) => t.isNew);
  (await allocateIds(trx, dialect, 'tender', newTenders.length)).forEach((id, i) => (newTenders[i].id = id));
  await insertAll(
    trx,
    dialect,
    'tender',
    newTenders.map((t) => tenderRow(t, now)),
    throttle('rounds', newTenders.length),
  );
  for (const t of tenders.filter((x) => !x.isNew)) {
    if (t.changed) {
      await updateVersioned(trx, 'tender', t.id!, t.original!.version, tenderValues(t), now);
    } else if (t.bidCountChanged) {
      // 応札者数 moves without bumping the round's version, as recordBid does: a bid is not an edit of the round.
      await trx('tender').where({ id: t.id! }).update({ bid_count: t.current.bidCount });
    }
  }

  const newBids = bids.filter((b) => b.isNew);
  // Bids are numbered per round, as recordBid numbers them (tender/bid-ids.service.ts).
  const bidsByRound = new Map<number, typeof newBids>();
  for (const b of newBids) bidsByRound.set(b.tender.id!, [...(bidsByRound.get(b.tender.id!) ?? []), b]);
  for (const [tenderId, roundBids] of bidsByRound)
    (await nextBidIds(trx, tenderId, roundBids.length)).forEach((id, i) => (roundBids[i].id = id));
  await insertAll(
    trx,
    dialect,
    'bid',
    newBids.map((b) => ({
      id: b.id,
      created_at: now,
      updated_at: now,
      tender_id: b.tender.id,
      bidder_id: b.bidder.id,
      amount_yen: b.current.amountYen,
      technical_score: b.current.technicalScore,
      total_score: b.current.totalScore,
      status: b.current.status,
      submitted_at: b.current.submittedAt,
    })),
    throttle('bids', newBids.length),
  );
  for (const b of bids.filter((x) => !x.isNew && x.changed)) {
    await trx('bid').where({ id: b.id! }).update({
      amount_yen: b.current.amountYen,
      technical_score: b.current.technicalScore,
      total_score: b.current.totalScore,
      status: b.current.status,
      updated_at: now,
    });
  }

  const entries: Entry[] = [
    ...bidders.map((b): Entry => ({ objectType: 'Bidder', model: b, refs: () => ({}), sealedTenderId: () => null, sealed: () => false })),
    ...projects.map((p): Entry => ({
      objectType: 'TargetProject',
      model: p,
      refs: () => ({ ministryCode: p.ministry.code }),
      sealedTenderId: () => null,
      sealed: () => false,
    })),
    ...tenders.map((t): Entry => ({
      objectType: 'Tender',
      model: t,
      refs: () => ({ projectId: toGlobalId('TargetProject', t.project.id!) }),
      sealedTenderId: () => t.id,
      sealed: () => !isOpened(t.current.status),
    })),
    ...bids.map((b): Entry => ({
      objectType: 'Bid',
      model: b,
      refs: () => ({ tenderId: toGlobalId('Tender', b.tender.id!), bidderId: toGlobalId('Bidder', b.bidder.id!) }),
      sealedTenderId: () => b.tender.id,
      sealed: () => !isOpened(b.tender.current.status),
    })),
  ];
  const underSeal: Row[] = [];
  const history: Row[] = [];
  for (const entry of entries) {
    const model = entry.model;
    const snapshot = (data: object) => (model as Tracked<object>).snapshot(data);
    let before: Record<string, unknown> | null = null;
    let after: Record<string, unknown>;
    if (model.isNew) {
      after = { ...entry.refs(), ...snapshot(model.current), ...(entry.objectType === 'Bid' ? {} : { dataSource: DataSource.IMPORTED }) };
    } else {
      const changed = diff(snapshot(model.original!), snapshot(model.current));
      if (!changed) continue;
      ({ before, after } = changed);
    }
    (entry.sealed() ? underSeal : history).push({
      created_at: now,
      updated_at: now,
      at: now,
      actor_token_id: actor.tokenId,
      actor_name: actor.name ?? 'system',
      actor_role: actor.role,
      action: IMPORT_ACTION,
      object_type: entry.objectType,
      object_id: model.id,
      before: before && JSON.stringify(before),
      after: JSON.stringify(after),
      note: noteFor(source, model),
      sealed_tender_id: entry.sealedTenderId(),
    });
  }
  // Rounds this import opened: what was recorded under their seal joins the public history
  // first; entries of rounds still sealed take ids apart (modules/history/sealed-history.service.ts).
  const opened = tenders
    .filter((t) => !t.isNew && t.original && !isOpened(t.original.status) && isOpened(t.current.status))
    .map((t) => t.id!);
  const released = await releaseSealedHistory(trx, opened);
  await insertAll(trx, dialect, 'change', history, throttle('history entries', history.length));
  (await takeSealedChangeIds(trx, dialect, underSeal.length)).forEach((id, i) => (underSeal[i].id = id));
  await insertAll(trx, dialect, 'change', underSeal, throttle('history entries under a seal', underSeal.length));
  return { entries: history.length + underSeal.length, public: history.length > 0 || released > 0 };
}

function projectRow(p: ProjectModel, now: Date): Row {
  const c = p.current;
  return {
    id: p.id,
    created_at: now,
    updated_at: now,
    ministry_id: p.ministry.id,
    name: c.name,
    summary: c.summary,
    category: c.category,
    method: c.method,
    baseline_annual_cost_yen: c.baselineAnnualCostYen,
    status: c.status,
    version: 1,
    selected_in_fiscal_year: null,
    data_source: DataSource.IMPORTED,
    source_note: null,
    search_text: targetProjectSearchText(c),
  };
}

/** A round's changeable columns, with those the entity derives (fiscal year, contract months) derived the same way. */
function tenderValues(t: TenderModel): Row {
  const c = t.current;
  return {
    title: c.title,
    announced_on: c.announcedOn,
    bid_deadline: c.bidDeadline,
    opened_on: c.openedOn,
    award_criteria: c.awardCriteria,
    reserve_price_yen: c.reservePriceYen,
    contract_start: c.contractStart,
    contract_end: c.contractEnd,
    status: c.status,
    contract_amount_yen: c.contractAmountYen,
    negotiated_after_failure: c.negotiatedAfterFailure,
    outcome_note: c.outcomeNote,
    fiscal_year: fiscalYearOf(c.announcedOn),
    contract_months: monthsInPeriod(c.contractStart, c.contractEnd),
    bid_count: c.bidCount,
    search_text: normaliseForSearch(c.title),
  };
}

function tenderRow(t: TenderModel, now: Date): Row {
  return {
    id: t.id,
    created_at: now,
    updated_at: now,
    project_id: t.project.id,
    local_pilot_id: null,
    round: t.current.round,
    ...tenderValues(t),
    version: 1,
    data_source: DataSource.IMPORTED,
    source_note: null,
  };
}
