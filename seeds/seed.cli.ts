import 'reflect-metadata';
import { readCommandLine } from '../src/core/cli/command-line.js';
import { loadConfigOrReport, redact } from '../src/core/config/config.js';
import { openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { parseJapaneseDate } from '../src/modules/tables/japanese-date.service.js';
import { DEFAULT_SAMPLE } from './generate/build.js';
import { isEmpty, seedDatabase } from './seed.js';
import { knexOf } from '../src/core/db/orm.js';

const USAGE = `usage: npm run seed -- [--scale N] [--seed S] [--as-of DATE] [--reset]

Loads generated sample data into the database named by DATABASE_URL (default
${'sqlite:./data/tracker.sqlite'}). The same seed and scale always give the same rows.

  --scale N     size: 1 ≈ today's programme (~400 services, ~1,500 rounds), 10 for load tests (default 1)
  --seed S      random seed, an integer (default ${DEFAULT_SAMPLE.seed})
  --as-of DATE  the day the sample stands on (2024-04-01, 令和6年4月1日 or R6.4.1); rounds in progress then are sealed (default ${DEFAULT_SAMPLE.asOf})
  --reset       delete all existing rows first: everything, including data entered by hand,
                its history and the tokens`;

async function main(): Promise<number> {
  const parsed = readCommandLine(process.argv.slice(2), {
    usage: USAGE,
    options: {
      scale: { type: 'string', default: '1' },
      seed: { type: 'string', default: String(DEFAULT_SAMPLE.seed) },
      'as-of': { type: 'string', default: DEFAULT_SAMPLE.asOf },
      reset: { type: 'boolean', default: false },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  // A day as people write it: 2024-04-01, 令和6年4月1日, R6.4.1.
  const asOf = parseJapaneseDate(values['as-of']);
  const problems = [
    !Number.isInteger(scale) || scale < 1 || scale > 100 ? `--scale must be a whole number from 1 to 100 (got ${values.scale})` : null,
    !Number.isSafeInteger(seed) ? `--seed must be an integer (got ${values.seed})` : null,
    asOf.ok ? null : `--as-of: ${asOf.reason} (write 2024-04-01, 令和6年4月1日 or R6.4.1)`,
  ].filter(Boolean);
  if (problems.length) {
    console.error(`${problems.join('\n')}\n\n${USAGE}`);
    return 2;
  }

  const config = loadConfigOrReport();
  if (!config) return 2;
  const where = config.database.dialect === 'sqlite' ? config.database.file : redact(config.database.url);
  console.log(`database: ${where}`);
  let orm;
  try {
    orm = await openDatabase(config.database, { entities: ENTITIES, log: (m) => console.log(m) });
  } catch (e) {
    console.error(`error: cannot open the database: ${(e as Error).message}`);
    return 1;
  }
  try {
    const empty = await isEmpty(knexOf(orm));
    if (!empty && !values.reset) {
      console.error('the database already holds data; add --reset to delete it all and load the sample instead');
      return 1;
    }
    if (!empty) console.log('--reset: deleting every row, then loading the sample (one transaction)');
    const counts = await seedDatabase(orm, { scale, seed, asOf: asOf.ok ? asOf.value : values['as-of'], reset: !empty }, (m) =>
      console.log(m),
    );
    console.log(
      `done: ${counts.target_project} target services, ${counts.tender} rounds, ${counts.bid} bids, ${counts.local_pilot} local pilots (sample data)`,
    );
    return 0;
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    console.error('nothing was changed: deleting and loading are one transaction');
    return 1;
  } finally {
    await orm.close(true);
  }
}

process.exitCode = await main();
