import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ANONYMOUS, type Viewer } from '../core/auth/viewer.js';
import { readCommandLine } from '../core/cli/command-line.js';
import { loadConfigOrReport } from '../core/config/config.js';
import { knexOf, openDatabase } from '../core/db/orm.js';
import { ENTITIES } from '../entities.js';
import { authenticate } from '../modules/access/token.service.js';
import { TABLE_KINDS, type TableKind } from '../modules/tables/columns.constants.js';
import { FilterError, parseFilter, resolveMinistryNames } from '../modules/export/export-filter.service.js';
import { exportRecordPackage, exportReleasePackage } from '../modules/ocds/ocds-export.service.js';
import { loadOcdsValidator, OcdsSchemaError } from '../modules/ocds/ocds-schema.service.js';
import { tableToCsv, tableToXlsx } from '../modules/export/spreadsheet-writer.service.js';
import { exportTable } from '../modules/export/table-export.service.js';

const USAGE = `usage:
  npm run export -- ocds releases [--ministry CODE] [--fiscal-year YEAR] [--since DATE] [--out FILE] [--base-url URL] [--validate]
  npm run export -- ocds record <ocid> [--out FILE] [--base-url URL] [--validate]
  npm run export -- projects|tenders|bids [--format xlsx|csv] [--out FILE] [--ministry CODE] [--fiscal-year YEAR] [--since DATE] [--token TOKEN]

Exports from the database DATABASE_URL names (default sqlite:./data/tracker.sqlite).

ocds      OCDS 1.1 JSON with the bids extension: a release package of every round the filter
          selects, or the record package of one ocid (ocds-mttjp1-tender-<id>). Public
          documents: a round's bids and reserve price appear only once it is opened.
          --validate checks the package against reference/ocds-1.1.5 first.
projects, tenders, bids
          the three tables as the import reads them, as .xlsx or CSV (UTF-8 with BOM, for
          Excel in Japan). A sealed round's bids and reserve price are included only for an
          ADMIN token or the owning ministry's (--token, default $TRACKER_TOKEN when set).

  --ministry CODE    only these ministries (codes or names; comma-separated or repeated)
  --fiscal-year Y    only rounds announced in fiscal year Y: 2024, 令和6年度, R6 or FY2024 (a service: with such a round)
  --since DATE       only what changed since DATE: 2024-04-01, 令和6年4月1日 or R6.4.1 (from midnight JST),
                     or an ISO date-time with an offset
  --out FILE         write to FILE (.xlsx or .csv picks the format); default: standard output
  --base-url URL     where the packages are published, for their uri (default http://localhost:4000)`;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = readCommandLine(argv, {
    usage: USAGE,
    positionals: true,
    options: {
      ministry: { type: 'string', multiple: true },
      'fiscal-year': { type: 'string' },
      since: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      token: { type: 'string' },
      'base-url': { type: 'string', default: 'http://localhost:4000' },
      validate: { type: 'boolean', default: false },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [what, sub, ocid] = positionals;
  const isOcds = what === 'ocds';
  if (
    !what ||
    (isOcds
      ? !(sub === 'releases' && positionals.length === 2) && !(sub === 'record' && positionals.length === 3 && ocid)
      : !TABLE_KINDS.includes(what as TableKind) || positionals.length !== 1)
  ) {
    console.error(USAGE);
    return 2;
  }
  let filter;
  try {
    filter = parseFilter({ ministry: values.ministry ?? null, fiscalYear: values['fiscal-year'] ?? null, since: values.since ?? null });
  } catch (e) {
    if (e instanceof FilterError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const format = (values.format ?? (values.out ? extname(values.out).slice(1) : 'csv')).toLowerCase();
  if (!isOcds && format !== 'xlsx' && format !== 'csv') {
    console.error('error: --format must be xlsx or csv (or give --out with one of those extensions)');
    return 2;
  }
  if (!isOcds && format === 'xlsx' && !values.out) {
    console.error('error: an .xlsx export needs --out FILE');
    return 2;
  }
  const config = loadConfigOrReport(env);
  if (!config) return 2;
  const validator = isOcds && values.validate ? loadValidatorOrNull() : undefined;
  if (validator === null) return 2;
  const orm = await openDatabase(config.database, { entities: ENTITIES });
  try {
    const db = { knex: knexOf(orm), dialect: config.database.dialect };
    try {
      filter = await resolveMinistryNames(db.knex, filter);
    } catch (e) {
      if (e instanceof FilterError) {
        console.error(`error: ${e.message}`);
        return 2;
      }
      throw e;
    }
    let output: Buffer;
    let summary: string;
    if (isOcds) {
      const base = values['base-url']!.replace(/\/$/, '');
      const query = new URLSearchParams();
      for (const m of filter.ministries) query.append('ministry', m);
      if (filter.fiscalYear != null) query.set('fiscalYear', String(filter.fiscalYear));
      if (values.since) query.set('since', values.since);
      const pkg =
        sub === 'releases'
          ? await exportReleasePackage(db, filter, new URL(`${base}/ocds/releases${query.size ? `?${query}` : ''}`).href)
          : await exportRecordPackage(db, ocid!, new URL(`${base}/ocds/records/${encodeURIComponent(ocid!)}`).href);
      if (!pkg) {
        console.error(
          sub === 'releases' ? 'error: no contracting process matches the filter' : `error: no contracting process has the ocid ${ocid}`,
        );
        return 1;
      }
      if (validator) {
        const problems = 'releases' in pkg ? validator.releasePackage(pkg) : validator.recordPackage(pkg);
        if (problems.length) {
          console.error(`error: the package does not validate against OCDS 1.1.5:\n${problems.slice(0, 20).join('\n')}`);
          return 1;
        }
      }
      output = Buffer.from(`${JSON.stringify(pkg, null, 2)}\n`, 'utf8');
      summary = 'releases' in pkg ? `${pkg.releases.length} releases` : `record of ${ocid} (${pkg.records[0].releases.length} releases)`;
      if (validator) summary += ', valid against OCDS 1.1.5 + bids extension';
    } else {
      let viewer: Viewer = ANONYMOUS;
      const token = values.token ?? env.TRACKER_TOKEN;
      if (token) {
        try {
          viewer = await authenticate(db.knex, `Bearer ${token}`);
        } catch (e) {
          console.error(`error: ${(e as Error).message}`);
          return 2;
        }
      }
      const table = await exportTable(db, what as TableKind, filter, viewer);
      output = format === 'xlsx' ? await tableToXlsx(table) : tableToCsv(table);
      summary = `${table.rows.length} row${table.rows.length === 1 ? '' : 's'} of ${what} (${format}${viewer.role === 'ANONYMOUS' ? ', public view' : `, as ${viewer.name} (${viewer.role})`})`;
    }
    if (values.out) {
      await writeFile(values.out, output);
      console.error(`wrote ${summary} to ${values.out}`);
    } else {
      process.stdout.write(output);
      console.error(`wrote ${summary}`);
    }
    return 0;
  } finally {
    await orm.close(true);
  }
}

function loadValidatorOrNull() {
  try {
    return loadOcdsValidator();
  } catch (e) {
    if (e instanceof OcdsSchemaError) {
      console.error(`error: ${e.message}`);
      return null;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2), process.env);
