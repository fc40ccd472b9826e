import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { Role, type Viewer } from '../core/auth/viewer.js';
import { readCommandLine } from '../core/cli/command-line.js';
import { loadConfigOrReport, redact } from '../core/config/config.js';
import { knexOf, openDatabase } from '../core/db/orm.js';
import { ENTITIES } from '../entities.js';
import { authenticate } from '../modules/access/token.service.js';
import { TABLE_KINDS, type TableKind } from '../modules/tables/columns.constants.js';
import { EncodingError, parseEncodingName, type CsvEncoding } from '../modules/tables/encoding.service.js';
import { formatProblems, formatSummary } from '../modules/import/import-report.service.js';
import { StaleImportError } from '../modules/import/import-writer.service.js';
import { runImport } from '../modules/import/import.service.js';
import { SheetError } from '../modules/tables/spreadsheet-reader.service.js';
import { createLogger } from '../core/logger.js';
import type { WritePipeline } from '../core/pipeline/pipeline.js';
import { createWritePipeline } from '../write-consumers.js';

const USAGE = `usage: npm run import -- <file> --kind projects|tenders|bids [--dry-run] [--encoding ENC] [--token TOKEN] [--register-bidders]

Loads a ministry table (.xlsx, or CSV in UTF-8 with or without BOM, or Shift_JIS/CP932)
into the database DATABASE_URL names (default sqlite:./data/tracker.sqlite). Headers are
Japanese, one row per record (see "Loading and exporting data" in README.md):
  projects  府省, 事業名, 概要, 分類, 入札方式, 従来経費(円), 状態
  tenders   府省, 事業名, 回次, 件名, 落札方式, 入札公告日, 入札締切日, 開札日, 予定価格(円),
            契約開始日, 契約終了日, 状態, 落札者, 落札者法人番号, 落札金額(円)
  bids      府省, 事業名, 回次, 事業者名, 法人番号, 入札金額(円), 技術点, 総合評価点, 結果

All or nothing: one bad row and nothing is written; every bad row is listed. Importing the
same file again changes nothing; a changed row updates its record, with history.

  --kind K        which table the file holds
  --dry-run       check everything, write nothing
  --encoding ENC  utf-8 or shift_jis (cp932) for a CSV; detected when left out
  --token TOKEN   an ADMIN or MINISTRY token (npm run token -- create); default: $TRACKER_TOKEN
  --register-bidders
                  bids: register unknown bidders even for rounds still sealed. A registration
                  is public: it shows that, and when, the firm bid. Without this flag such rows
                  are refused; register the bidders first (createBidder) instead.

Exit status: 0 imported (or checked), 1 refused (nothing written), 2 usage or setup error.`;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = readCommandLine(argv, {
    usage: USAGE,
    positionals: true,
    options: {
      kind: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      encoding: { type: 'string' },
      token: { type: 'string' },
      'register-bidders': { type: 'boolean', default: false },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const file = positionals[0];
  const kind = values.kind as TableKind | undefined;
  const problems = [
    positionals.length !== 1 ? 'give exactly one file' : null,
    !kind || !TABLE_KINDS.includes(kind) ? `--kind must be ${TABLE_KINDS.join(', ')}` : null,
  ].filter(Boolean);
  if (problems.length) {
    console.error(`${problems.join('\n')}\n\n${USAGE}`);
    return 2;
  }
  let encoding: CsvEncoding | undefined;
  try {
    encoding = values.encoding ? parseEncodingName(values.encoding) : undefined;
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 2;
  }
  const token = values.token ?? env.TRACKER_TOKEN;
  if (!token) {
    console.error(
      'error: an import needs an ADMIN or MINISTRY token: --token TOKEN or TRACKER_TOKEN (issue one with npm run token -- create)',
    );
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file!);
  } catch (e) {
    console.error(`error: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 2;
  }
  const config = loadConfigOrReport(env);
  if (!config) return 2;
  const orm = await openDatabase(config.database, { entities: ENTITIES });
  try {
    let actor: Viewer;
    try {
      actor = await authenticate(knexOf(orm), `Bearer ${token}`);
    } catch (e) {
      console.error(`error: ${(e as Error).message}`);
      return 2;
    }
    if (actor.role !== Role.ADMIN && actor.role !== Role.MINISTRY) {
      console.error(`error: the ministry tables are imported with an ADMIN or MINISTRY token, not ${actor.role}`);
      return 2;
    }
    const where = config.database.dialect === 'sqlite' ? config.database.file : redact(config.database.url);
    console.log(
      `${values['dry-run'] ? 'checking (dry run)' : 'importing'} ${file} as ${kind} into ${where}, as ${actor.name} (${actor.role})`,
    );
    const started = Date.now();
    // The consumers know their place before the import records its event, so they handle it
    // even on a database no server has run on yet (a new consumer starts after existing events).
    const pipeline = createWritePipeline(knexOf(orm), config, createLogger(config.logLevel));
    if (values['dry-run'] !== true) await pipeline.register();
    let outcome;
    try {
      outcome = await runImport(orm, {
        fileName: file!,
        bytes,
        kind: kind!,
        dryRun: values['dry-run'] === true,
        encoding,
        actor,
        registerBidders: values['register-bidders'] === true,
        progress: (m) => console.error(`· ${m}`),
      });
    } catch (e) {
      if (e instanceof SheetError || e instanceof EncodingError || e instanceof StaleImportError) {
        console.error(`error: ${e.message}`);
        return 1;
      }
      throw e;
    }
    if (outcome.ignored.length) console.log(`ignored columns: ${outcome.ignored.join(', ')}`);
    if (!outcome.ok) {
      const rows = new Set(outcome.problems.map((p) => p.row)).size;
      console.error(
        `error: ${outcome.problems.length} problem${outcome.problems.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'} of ${file} (${outcome.readAs}); nothing was written`,
      );
      for (const line of formatProblems(outcome.problems)) console.error(line);
      return 1;
    }
    if (!outcome.dryRun) await bringUpToDate(pipeline);
    for (const line of formatSummary(outcome.summary)) console.log(line);
    const seconds = (Date.now() - started) / 1000;
    const rate = outcome.rows >= 1000 ? ` (${Math.round(outcome.rows / Math.max(seconds, 0.001)).toLocaleString('en-US')} rows/s)` : '';
    console.log(
      `${outcome.dryRun ? 'dry run: nothing was written; ' : ''}${outcome.rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s${rate}`,
    );
    return 0;
  } finally {
    await orm.close(true);
  }
}

/**
 * What follows the import (the red flags: README "Red flags") is done before the command
 * ends, so its result is complete when it exits. A server running on the same database may
 * take the work first; either way this waits until it is done.
 */
async function bringUpToDate(pipeline: WritePipeline): Promise<void> {
  const started = Date.now();
  await pipeline.start();
  try {
    await pipeline.settle(IMPORT_SETTLE_MS);
  } finally {
    await pipeline.stop();
  }
  console.error(`· red flags brought up to date in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The longest an import waits for the red flags (the bulk run takes seconds at scale 10). */
const IMPORT_SETTLE_MS = 600_000;

process.exitCode = await main(process.argv.slice(2), process.env);
