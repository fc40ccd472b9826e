import { basename } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Viewer } from '../../core/auth/viewer.js';
import { knexOf } from '../../core/db/orm.js';
import { planBids } from './bid-import.service.js';
import type { TableKind } from '../tables/columns.constants.js';
import type { CsvEncoding } from '../tables/encoding.service.js';
import type { ImportWorld, Tracked } from './import-world.model.js';
import { RowProblems } from './import-rules.service.js';
import { loadWorld, type ImportNeeds } from './import-state.service.js';
import type { BidRecord, ImportSummary, ProjectRecord, RowProblem, Tally, TenderRecord } from './import-records.model.js';
import { writeImport } from './import-writer.service.js';
import { planProjects } from './project-import.service.js';
import { columnNames, parseRows, type AnyRecord, type ParsedSheet } from './row-parser.service.js';
import { readSheet } from '../tables/spreadsheet-reader.service.js';
import { planTenders } from './tender-import.service.js';
import { commitWrite } from '../../core/pipeline/events.js';
import { importEvent } from './import.events.js';

export interface ImportRequest {
  /** The file's name (for the history note and to tell .xlsx from CSV). */
  fileName: string;
  bytes: Buffer;
  kind: TableKind;
  /** Check everything and write inside a transaction that is rolled back. */
  dryRun: boolean;
  encoding?: CsvEncoding;
  actor: Viewer;
  progress?: (message: string) => void;
  /**
   * Bids: register the unknown bidders the file names even for rounds still sealed. A
   * registration is public, so this tells everyone that (and when) those firms bid: the
   * caller asks for it knowingly (docs/seal.md, "Bidders"). Without it such rows are refused.
   */
  registerBidders?: boolean;
}

interface ImportBase {
  readAs: string;
  rows: number;
  /** Headers the import does not know (their cells are ignored). */
  ignored: string[];
}

export type ImportOutcome =
  (ImportBase & { ok: true; dryRun: boolean; summary: ImportSummary }) | (ImportBase & { ok: false; problems: RowProblem[] });

/** Thrown inside the transaction to roll it back: refused rows, or a dry run's writes. */
class Rollback extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super('rollback');
  }
}

function tallyOf(models: Iterable<Tracked<object>>): Tally {
  const unique = new Set(models);
  let created = 0;
  let updated = 0;
  for (const m of unique) {
    if (m.isNew) created++;
    else if (m.changed) updated++;
  }
  return { created, updated, unchanged: unique.size - created - updated };
}

function needsOf(kind: TableKind, records: readonly (ProjectRecord | TenderRecord | BidRecord)[]): ImportNeeds {
  const needs: ImportNeeds = { ministries: [], rounds: [], corporateNumbers: [], bidderNames: [] };
  for (const r of records) {
    needs.ministries.push(r.ministry);
    if (kind === 'tenders') {
      const t = r as TenderRecord;
      needs.rounds.push({ ministry: t.ministry, projectName: t.projectName, round: t.round });
      if (t.winnerCorporateNumber) needs.corporateNumbers.push(t.winnerCorporateNumber);
      if (t.winnerName) needs.bidderNames.push(t.winnerName);
    }
    if (kind === 'bids') {
      const b = r as BidRecord;
      needs.rounds.push({ ministry: b.ministry, projectName: b.projectName, round: b.round });
      if (b.corporateNumber) needs.corporateNumbers.push(b.corporateNumber);
      needs.bidderNames.push(b.bidderName);
    }
  }
  return needs;
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Applies the rows to the world under the API's rules; returns the rows' own records. */
function plan(
  kind: TableKind,
  world: ImportWorld,
  parsed: ParsedSheet<AnyRecord>,
  actor: Viewer,
  problems: RowProblems,
  registerBidders: boolean,
): Tracked<object>[] {
  switch (kind) {
    case 'projects':
      return planProjects(world, parsed.records as unknown as ProjectRecord[], actor, problems);
    case 'tenders':
      return planTenders(
        world,
        parsed.records as unknown as TenderRecord[],
        actor,
        problems,
        parsed.refused as unknown as Partial<TenderRecord>[],
      );
    case 'bids':
      return planBids(world, parsed.records as unknown as BidRecord[], actor, problems, { registerBidders });
  }
}

const PRIMARY: Record<TableKind, string> = { projects: 'services', tenders: 'rounds', bids: 'bids' };

function summarise(kind: TableKind, world: ImportWorld, primary: Tracked<object>[], historyEntries: number): ImportSummary {
  const own = new Set(primary);
  const touchedBids = world.projects.flatMap((p) => p.tenders.flatMap((t) => t.bids)).filter((b) => !own.has(b) && (b.isNew || b.changed));
  const related: ImportSummary['related'] = [];
  if (touchedBids.length) related.push({ kind: 'bids', tally: tallyOf(touchedBids) });
  const newBidders = world.bidders.filter((b) => b.isNew);
  if (newBidders.length) related.push({ kind: 'bidders', tally: tallyOf(newBidders) });
  return { primary: { kind: PRIMARY[kind], tally: tallyOf(primary) }, related, historyEntries };
}

/**
 * `npm run import`: reads a ministry table and applies it all or nothing. Every row is
 * parsed and checked against the API's rules before anything is written; one bad row and
 * nothing is (the outcome lists every problem). Reading, checking and writing happen in
 * one transaction, so the rows checked are the rows written over.
 */
export async function runImport(orm: MikroORM, request: ImportRequest): Promise<ImportOutcome> {
  const progress = request.progress ?? (() => {});
  const started = Date.now();
  const source = basename(request.fileName);
  const sheet = await readSheet(request.bytes, request.fileName, request.encoding);
  const base: ImportBase = { readAs: sheet.readAs, rows: sheet.rows.length, ignored: [] };
  progress(`read ${sheet.rows.length.toLocaleString('en-US')} rows from ${source} (${sheet.readAs}) in ${seconds(started)}`);
  const parsed = parseRows(request.kind, sheet);
  base.ignored = parsed.ignored;
  if (parsed.problems.some((p) => p.row === 1)) return { ...base, ok: false, problems: parsed.problems };

  const knex = knexOf(orm);
  const dialect = orm.config.get('driver') === PostgreSqlDriver ? 'postgresql' : 'sqlite';
  try {
    return await knex.transaction(async (trx: Knex.Transaction): Promise<ImportOutcome> => {
      const loading = Date.now();
      const world = await loadWorld(trx, needsOf(request.kind, parsed.records));
      const rounds = world.projects.reduce((n, p) => n + p.tenders.length, 0);
      progress(
        `loaded ${world.projects.length.toLocaleString('en-US')} services and ${rounds.toLocaleString('en-US')} rounds of the ministries named, with ${world.bidders.length.toLocaleString('en-US')} bidders, in ${seconds(loading)}`,
      );
      const problems = new RowProblems(columnNames(request.kind, sheet));
      const checking = Date.now();
      const primary = plan(request.kind, world, parsed, request.actor, problems, request.registerBidders === true);
      const all = [...parsed.problems, ...problems.list].sort((a, b) => a.row - b.row);
      progress(
        `checked ${sheet.rows.length.toLocaleString('en-US')} rows in ${seconds(checking)}: ${all.length ? `${all.length} problems` : 'no problems'}`,
      );
      if (all.length) throw new Rollback({ ...base, ok: false, problems: all });
      const writing = Date.now();
      const history = await writeImport(trx, dialect, world, request.actor, source, progress);
      const historyEntries = history.entries;
      // An import that only touched sealed rounds changes nothing others can see (docs/seal.md):
      // no event, no new data version. Otherwise the red flags are recomputed after the commit
      // by the write pipeline's consumer (ARCHITECTURE.md "The write pipeline").
      if (history.public) await commitWrite(trx, [importEvent(request.kind, source, historyEntries)]);
      progress(
        `${request.dryRun ? 'wrote (to roll back)' : 'wrote'} ${historyEntries.toLocaleString('en-US')} created or changed records in ${seconds(writing)}`,
      );
      const outcome: ImportOutcome = {
        ...base,
        ok: true,
        dryRun: request.dryRun,
        summary: summarise(request.kind, world, primary, historyEntries),
      };
      if (request.dryRun) throw new Rollback(outcome);
      return outcome;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.outcome;
    throw e;
  }
}
