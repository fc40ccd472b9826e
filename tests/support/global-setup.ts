import { execFileSync } from 'node:child_process';
import { knex } from '@mikro-orm/knex';

/**
 * Says which halves of the suite run. With TEST_POSTGRES_URL set, PostgreSQL must answer:
 * a CI that asked for it must fail loudly, not quietly skip it.
 */
export default async function globalSetup(): Promise<void> {
  // The process tests start real server processes and run the command-line tools as users
  // do: from the compiled build, made once here (on both halves: the import/export tests
  // run the CLIs on SQLite too). scripts/build.mjs compiles only when a source changed.
  const started = Date.now();
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  console.log(`[tests] compiled build ready for process tests (${Date.now() - started} ms)\n`);
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    console.log(
      '\n[tests] SQLite half only. The PostgreSQL half was NOT run: set TEST_POSTGRES_URL ' +
        '(e.g. postgres://postgres@127.0.0.1:5432/postgres) to run the suite on PostgreSQL too.\n',
    );
    return;
  }
  const client = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 5000 });
  try {
    const [row] = ((await client.raw('select version() as v')) as { rows: { v: string }[] }).rows;
    console.log(`\n[tests] SQLite and PostgreSQL halves: ${row.v.split(' on ')[0]} at ${new URL(url).host}\n`);
  } catch (e) {
    throw new Error(`TEST_POSTGRES_URL is set but PostgreSQL does not answer (${(e as Error).message})`, { cause: e });
  } finally {
    await client.destroy();
  }
}
