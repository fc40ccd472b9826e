import type { MikroORM } from '@mikro-orm/core';
import { japanTime } from '../../core/calendar/fiscal-year.js';
import { Role } from '../../core/auth/viewer.js';
import { isParseArgsError, parseCommandLine, type CliOutput } from '../../core/cli/command-line.js';
import { ApiToken } from './api-token.entity.js';
import { issueToken, revokeToken, TokenRequestError } from './token.service.js';

const USAGE = `usage:
  npm run token -- create --role ADMIN|MINISTRY|MUNICIPALITY [--ministry CODE] [--municipality CODE] --name NAME
  npm run token -- list
  npm run token -- revoke ID

create  issues a token and prints it alone on the last line. It is shown only this once:
        the database keeps a hash. MINISTRY needs --ministry (MOJ or 法務省); MUNICIPALITY needs
        --municipality (six-digit local-government code, e.g. 131016).
list    shows every token (id, role, scope, name, created, revoked), never a secret.
revoke  stops a token at once; it stays listed so history keeps naming who did what.

The database is the one DATABASE_URL names (default sqlite:./data/tracker.sqlite).`;

/** The database a token command works on, and how to name it in what the command prints. */
export interface TokenDatabase {
  orm: MikroORM;
  where: string;
}

/**
 * Runs `npm run token -- <argv…>`; returns the exit code. The database is opened (by
 * `open`, which reports its own failure and answers null) only for a command that needs it,
 * and closed before returning.
 */
export async function runTokenCommand(
  argv: string[],
  open: () => Promise<TokenDatabase | null>,
  out: CliOutput = console,
): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out.log(USAGE);
    return command ? 0 : 2;
  }
  const db = await open();
  if (!db) return 2;
  try {
    return await runOn(db, command, rest, out);
  } catch (e) {
    if (e instanceof TokenRequestError || isParseArgsError(e)) {
      out.error(`error: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  } finally {
    await db.orm.close(true);
  }
}

async function runOn({ orm, where }: TokenDatabase, command: string, rest: string[], out: CliOutput): Promise<number> {
  const em = orm.em.fork();
  switch (command) {
    case 'create': {
      const { values } = parseCommandLine(rest, {
        role: { type: 'string' },
        ministry: { type: 'string' },
        municipality: { type: 'string' },
        name: { type: 'string' },
      });
      const role = values.role?.toUpperCase() as Role | undefined;
      if (!role || ![Role.ADMIN, Role.MINISTRY, Role.MUNICIPALITY].includes(role))
        throw new TokenRequestError('--role must be ADMIN, MINISTRY or MUNICIPALITY');
      if (!values.name) throw new TokenRequestError('--name NAME is required (say who or what will use the token)');
      const { token, record } = await issueToken(em, {
        role,
        name: values.name,
        ministryCode: values.ministry,
        municipalityCode: values.municipality,
      });
      out.log(`issued token ${record.id} (${role}${scopeOf(record)}) "${record.name}" in ${where}`);
      out.log('it is shown only now; keep it secret. Send it as: Authorization: Bearer <token>');
      out.log(token);
      return 0;
    }
    case 'list': {
      const tokens = await em.find(ApiToken, {}, { orderBy: { id: 'asc' }, populate: ['ministry', 'municipality'] });
      if (tokens.length === 0) {
        out.log('no tokens yet: npm run token -- create --role … --name …');
        return 0;
      }
      const rows = tokens.map((t) => [
        String(t.id),
        t.role,
        scopeOf(t).replace(/^ /, '') || '-',
        t.name,
        japanTime(t.createdAt),
        t.revokedAt ? japanTime(t.revokedAt) : '-',
      ]);
      const header = ['ID', 'ROLE', 'SCOPE', 'NAME', 'CREATED', 'REVOKED'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      for (const row of [header, ...rows])
        out.log(
          row
            .map((cell, i) => cell.padEnd(widths[i]))
            .join('  ')
            .trimEnd(),
        );
      return 0;
    }
    case 'revoke': {
      const id = /^[1-9]\d{0,9}$/.test(rest[0] ?? '') ? Number(rest[0]) : NaN;
      if (rest.length !== 1 || !Number.isInteger(id)) throw new TokenRequestError('revoke needs one token ID (see npm run token -- list)');
      const record = await revokeToken(em, id);
      out.log(`revoked token ${record.id} "${record.name}"`);
      return 0;
    }
    default:
      out.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

function scopeOf(t: ApiToken): string {
  if (t.ministry) return ` ${t.ministry.code}`;
  if (t.municipality) return ` ${t.municipality.code}`;
  return '';
}
