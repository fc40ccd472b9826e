/**
 * What may be logged of an error (README "When things fail", "Operators"): logs are read by
 * operators who must not see sealed bids, so nothing a request carried reaches them. The
 * database driver's errors carry the statement with its values (knex prefixes the message
 * with the SQL, bindings interpolated), the row that failed a constraint (`detail`:
 * "Failing row contains (…)"), the bindings themselves; none of it is kept. An error is
 * logged as a whitelist of harmless fields, its message and stack with the SQL cut off and
 * literals and long numbers masked.
 */
export interface ScrubbedError {
  type: string;
  message: string;
  code?: string;
  sqlState?: string;
  /** The statement's kind and table (`insert into "bid"`), never its values. */
  statement?: string;
  constraint?: string;
  table?: string;
  stack?: string;
  cause?: ScrubbedError;
}

const SQL_START =
  /^\s*(select|insert|update|delete|with|begin|commit|rollback|savepoint|release|create|alter|drop|pragma|set|lock|explain)\b/i;

/** `insert into "bid"` / `update "tender"` / `select`: what a statement did, without values. */
function statementOf(sql: string): string {
  const m =
    /^\s*(insert\s+into|update|delete\s+from|select|with|begin|commit|rollback|create\s+\w+|alter\s+\w+|drop\s+\w+|pragma|set|lock)\s*("?[\w.]+"?)?/i.exec(
      sql,
    );
  if (!m) return 'statement';
  const verb = m[1].toLowerCase().replace(/\s+/g, ' ');
  return ['insert into', 'update', 'delete from', 'lock'].includes(verb) && m[2] ? `${verb} ${m[2]}` : verb;
}

/**
 * Masks what could be a value: quoted literals, and numbers of four digits or more (yen
 * amounts) unless they are a port after a host (`127.0.0.1:5432`).
 */
export function maskValues(text: string): string {
  return text
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/\$\$[\s\S]*?\$\$/g, '$$…$$')
    .replace(/(?<![\w.:])\d{1,3}(?:,\d{3})+(?!\d)/g, '#')
    .replace(/(?<![\w.:])\d{4,}/g, '#');
}

/** A message with the SQL knex put in front of it cut off: `<sql> - <driver's message>`. */
function splitSql(message: string): { statement?: string; message: string } {
  if (!SQL_START.test(message)) return { message };
  const cut = message.lastIndexOf(' - ');
  return { statement: statementOf(message), message: cut >= 0 ? message.slice(cut + 3) : 'the statement failed' };
}

function scrubStack(stack: string | undefined, message: string): string | undefined {
  if (!stack) return undefined;
  // Only the frames: the first line(s) repeat the message, SQL included.
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [message, ...frames.slice(0, 12)].join('\n');
}

export function scrubError(error: unknown, depth = 0): ScrubbedError {
  if (!error || typeof error !== 'object') return { type: typeof error, message: maskValues(String(error)) };
  const e = error as Record<string, unknown>;
  const type = typeof e.name === 'string' ? e.name : ((error as object).constructor?.name ?? 'Error');
  const raw = typeof e.message === 'string' ? e.message : '';
  const split = splitSql(raw);
  const sql = typeof e.sql === 'string' ? e.sql : typeof e.query === 'string' ? e.query : undefined;
  const message = maskValues(split.message);
  const out: ScrubbedError = { type, message };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = String(e.code);
  if (typeof e.sqlState === 'string') out.sqlState = e.sqlState;
  const statement = split.statement ?? (sql ? statementOf(sql) : undefined);
  if (statement) out.statement = statement;
  if (typeof e.constraint === 'string') out.constraint = e.constraint;
  if (typeof e.table === 'string') out.table = e.table;
  out.stack = scrubStack(typeof e.stack === 'string' ? e.stack : undefined, `${type}: ${message}`);
  const next = e.originalError ?? e.cause;
  if (next && depth < 4 && next !== error) out.cause = scrubError(next, depth + 1);
  return out;
}

/** A free-text log line from a library (knex's warnings), with SQL and values removed. */
export function scrubText(text: string): string {
  const split = splitSql(text);
  return maskValues(split.statement ? `${split.statement}: ${split.message}` : split.message);
}
