import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTokenCli } from '../src/cli/token.js';
import { errorCodes, startTestServer, type GqlResult, type TestServer } from './support/test-server.js';

/**
 * docs/api.md "Who may do what": tokens are issued by the project's command-line tool, shown
 * once, stored only as a hash, and can be revoked; a bad or revoked token is
 * UNAUTHENTICATED. The CLI is driven through `runTokenCli` against a running test server's
 * own database, and every token it prints is then presented to that server over HTTP.
 */

let srv: TestServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  srv = await startTestServer();
  env = { DATABASE_URL: srv.databaseUrl, LOG_LEVEL: 'silent' };
});
afterAll(() => srv?.stop());

interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/** `npm run token -- <argv…>`, with what it prints captured line by line. */
async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTokenCli(
    argv,
    { log: (line) => out.push(...String(line).split('\n')), error: (line) => err.push(...String(line).split('\n')) },
    env,
  );
  return { code, out, err };
}

/** Issues a token through the CLI; its last line is the token. */
async function create(...args: string[]): Promise<{ token: string; run: CliRun }> {
  const run = await cli('create', ...args);
  expect(run.code, run.err.join('\n')).toBe(0);
  return { token: run.out[run.out.length - 1], run };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const VIEWER = `{ viewer { role name ministry { code } municipality { code } } }`;
const tokenCount = async () => Number((await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM api_token'))[0].n);

/** The id the CLI reports for a token it just issued ("issued token <id> …"), or from `list` by name. */
async function idOfTokenNamed(name: string): Promise<number> {
  const rows = await srv.sql<{ id: number }>('SELECT id FROM api_token WHERE name = ?', [name]);
  expect(rows, `one token named ${name}`).toHaveLength(1);
  return Number(rows[0].id);
}

function expectUnauthenticated(result: GqlResult<unknown>): void {
  expect(result.status).toBe(401);
  expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  expect(result.data ?? null).toBeNull();
}

describe('create', () => {
  it('--role ADMIN --name x prints the token alone on its last line, exit 0, and the server accepts it', async () => {
    const before = await tokenCount();
    const { token, run } = await create('--role', 'ADMIN', '--name', 'x');
    expect(run.err).toEqual([]);
    expect(token).toMatch(/^\S{20,}$/); // one word, nothing else on the line
    expect(await tokenCount()).toBe(before + 1);
    const result = await srv.gql(VIEWER, {}, bearer(token));
    expect(result.status).toBe(200);
    expect(result.data.viewer).toEqual({ role: 'ADMIN', name: 'x', ministry: null, municipality: null });
  });

  it('prints a different token each time', async () => {
    const a = await create('--role', 'ADMIN', '--name', 'twice');
    const b = await create('--role', 'ADMIN', '--name', 'twice');
    expect(a.token).not.toBe(b.token);
  });

  it('MINISTRY without --ministry is refused with a non-zero exit and no token', async () => {
    const before = await tokenCount();
    const run = await cli('create', '--role', 'MINISTRY', '--name', 'no ministry');
    expect(run.code).not.toBe(0);
    expect(run.err.join('\n')).toMatch(/ministry/i);
    expect(run.out.join('\n')).not.toMatch(/mtt_|Bearer \S/);
    expect(await tokenCount()).toBe(before);
  });

  it('MINISTRY with a code no ministry has is refused with a non-zero exit and no token', async () => {
    const before = await tokenCount();
    const run = await cli('create', '--role', 'MINISTRY', '--ministry', 'NOPE', '--name', 'unknown ministry');
    expect(run.code).not.toBe(0);
    expect(run.err.join('\n')).toContain('NOPE');
    expect(await tokenCount()).toBe(before);
  });

  it("MINISTRY takes the ministry's Japanese name, and names the closest for a name none has", async () => {
    const { token } = await create('--role', 'MINISTRY', '--ministry', '法務省', '--name', 'moj by name');
    const result = await srv.gql(VIEWER, {}, bearer(token));
    expect(result.data.viewer.ministry).toEqual({ code: 'MOJ' });
    const before = await tokenCount();
    const run = await cli('create', '--role', 'MINISTRY', '--ministry', '法務庁', '--name', 'unknown name');
    expect(run.code).not.toBe(0);
    expect(run.err.join('\n')).toMatch(/府省「法務庁」はありません。近いもの: MOJ 法務省.*（no such ministry; the closest: MOJ 法務省/);
    expect(await tokenCount()).toBe(before);
  });

  it('MINISTRY with an existing code issues a token bound to that ministry', async () => {
    const { token } = await create('--role', 'MINISTRY', '--ministry', 'MOJ', '--name', 'moj app');
    const result = await srv.gql(VIEWER, {}, bearer(token));
    expect(result.data.viewer).toEqual({ role: 'MINISTRY', name: 'moj app', ministry: { code: 'MOJ' }, municipality: null });
  });

  it('MUNICIPALITY without --municipality is refused with a non-zero exit and no token', async () => {
    const before = await tokenCount();
    const run = await cli('create', '--role', 'MUNICIPALITY', '--name', 'no municipality');
    expect(run.code).not.toBe(0);
    expect(await tokenCount()).toBe(before);
  });

  it('MUNICIPALITY with a bad check digit (131017 for 千代田区 131016) is refused', async () => {
    const before = await tokenCount();
    const run = await cli('create', '--role', 'MUNICIPALITY', '--municipality', '131017', '--name', 'bad check digit');
    expect(run.code).not.toBe(0);
    expect(run.err.join('\n')).toContain('131017');
    expect(await tokenCount()).toBe(before);
  });

  it('MUNICIPALITY with a well-formed code that no local government has (480011: prefecture 48) is refused', async () => {
    // 4·6 + 8·5 + 0·4 + 0·3 + 1·2 = 66; 66 mod 11 = 0 → check digit (11 − 0) mod 10 = 1.
    const before = await tokenCount();
    const run = await cli('create', '--role', 'MUNICIPALITY', '--municipality', '480011', '--name', 'no such place');
    expect(run.code).not.toBe(0);
    expect(await tokenCount()).toBe(before);
  });

  it('MUNICIPALITY with a valid code issues a token bound to that local government', async () => {
    const { token } = await create('--role', 'MUNICIPALITY', '--municipality', '131016', '--name', 'chiyoda counter');
    const result = await srv.gql(VIEWER, {}, bearer(token));
    expect(result.data.viewer).toEqual({ role: 'MUNICIPALITY', name: 'chiyoda counter', ministry: null, municipality: { code: '131016' } });
  });

  it.each([['SUPERUSER'], ['ANONYMOUS'], ['']])('an unknown role (%j) is refused with a non-zero exit and no token', async (role) => {
    const before = await tokenCount();
    const run = await cli('create', '--role', role, '--name', 'who');
    expect(run.code).not.toBe(0);
    expect(run.err.join('\n')).toMatch(/role/i);
    expect(await tokenCount()).toBe(before);
  });

  it.each([
    ['--role without its value', ['create', '--role']],
    ['a stray argument', ['create', '--role', 'ADMIN', '--name', 'stray', 'extra']],
    ['an unknown option', ['create', '--role', 'ADMIN', '--name', 'unknown option', '--colour', 'red']],
  ])('a malformed command line (%s) is refused with a non-zero exit and a message, not an exception', async (_label, argv) => {
    const before = await tokenCount();
    let run: CliRun | undefined;
    let thrown: unknown;
    try {
      run = await cli(...argv);
    } catch (e) {
      thrown = e;
    }
    expect(thrown === undefined ? undefined : String(thrown), 'runTokenCli threw instead of returning an exit code').toBeUndefined();
    expect(run!.code).not.toBe(0);
    expect(run!.err.join('\n')).not.toBe('');
    expect(await tokenCount()).toBe(before);
  });

  it('without --name is refused with a non-zero exit and no token', async () => {
    const before = await tokenCount();
    const run = await cli('create', '--role', 'ADMIN');
    expect(run.code).not.toBe(0);
    expect(await tokenCount()).toBe(before);
  });
});

describe('list', () => {
  it('shows id, role, scope and name of every token, never a secret or its hash', async () => {
    const admin = await create('--role', 'ADMIN', '--name', 'list admin');
    const ministry = await create('--role', 'MINISTRY', '--ministry', 'MHLW', '--name', 'list mhlw');
    const municipality = await create('--role', 'MUNICIPALITY', '--municipality', '012131', '--name', 'list tomakomai');
    const run = await cli('list');
    expect(run.code).toBe(0);
    const text = run.out.join('\n');

    const expected = [
      { name: 'list admin', role: 'ADMIN', scope: null },
      { name: 'list mhlw', role: 'MINISTRY', scope: 'MHLW' },
      { name: 'list tomakomai', role: 'MUNICIPALITY', scope: '012131' },
    ];
    for (const e of expected) {
      const id = await idOfTokenNamed(e.name);
      const line = run.out.find((l) => l.includes(e.name));
      expect(line, `a line for ${e.name}`).toBeDefined();
      const cells = line!.trim().split(/\s{2,}/);
      expect(cells[0]).toBe(String(id));
      expect(cells).toContain(e.role);
      if (e.scope) expect(cells).toContain(e.scope);
      expect(cells).toContain(e.name);
      // Its creation time in Japan, with the offset written out.
      expect(
        cells.find((c) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/.test(c)),
        line,
      ).toBeDefined();
    }

    // Every token in the database is listed; no secret and no hash is.
    const rows = await srv.sql<{ id: number; secret_hash: string }>('SELECT id, secret_hash FROM api_token');
    for (const row of rows) {
      expect(
        run.out.some((l) => l.trim().split(/\s+/)[0] === String(row.id)),
        `token ${row.id} listed`,
      ).toBe(true);
      expect(text).not.toContain(row.secret_hash);
      expect(text.toLowerCase()).not.toContain(row.secret_hash.toLowerCase());
    }
    for (const { token } of [admin, ministry, municipality]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(-16));
    }
  });
});

describe('storage', () => {
  it('the database keeps only a SHA-256 hex hash: the secret is nowhere in the row', async () => {
    const { token } = await create('--role', 'ADMIN', '--name', 'hash check');
    const [row] = await srv.sql<Record<string, unknown>>('SELECT * FROM api_token WHERE name = ?', ['hash check']);
    expect(String(row.secret_hash)).toMatch(/^[0-9a-f]{64}$/);
    // The secret part after "mtt_<id>_" (token.service.ts), or the whole token.
    const secret = /^mtt_\d+_(.+)$/.exec(token)?.[1] ?? token;
    const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
    expect([sha256(secret), sha256(token)]).toContain(row.secret_hash);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(0, 16));
    expect(stored).not.toContain(secret.slice(-16));
  });

  it('every stored hash is 64 lower-case hex characters', async () => {
    const rows = await srv.sql<{ secret_hash: string }>('SELECT secret_hash FROM api_token');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('revoke', () => {
  it('works once; a second revoke of the same id fails with a non-zero exit', async () => {
    await create('--role', 'ADMIN', '--name', 'revoke twice');
    const id = await idOfTokenNamed('revoke twice');
    const first = await cli('revoke', String(id));
    expect(first.code, first.err.join('\n')).toBe(0);
    const [row] = await srv.sql<{ revoked_at: unknown }>('SELECT revoked_at FROM api_token WHERE id = ?', [id]);
    expect(row.revoked_at).not.toBeNull();
    const second = await cli('revoke', String(id));
    expect(second.code).not.toBe(0);
    expect(second.err.join('\n')).toContain(String(id));
  });

  it.each([['999999'], ['abc'], ['0']])('an unknown or invalid id (%s) fails with a non-zero exit', async (id) => {
    const run = await cli('revoke', id);
    expect(run.code).not.toBe(0);
  });

  it('a revoked token is refused at once (401 UNAUTHENTICATED) while other tokens still work; it stays listed', async () => {
    const doomed = await create('--role', 'ADMIN', '--name', 'doomed');
    const survivor = await create('--role', 'MINISTRY', '--ministry', 'MOJ', '--name', 'survivor');
    expect((await srv.gql(VIEWER, {}, bearer(doomed.token))).data.viewer.role).toBe('ADMIN');

    const id = await idOfTokenNamed('doomed');
    expect((await cli('revoke', String(id))).code).toBe(0);

    expectUnauthenticated(await srv.gql(VIEWER, {}, bearer(doomed.token)));
    // A write with it is refused too, and nothing is written.
    const before = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM bidder');
    const write = await srv.gql(
      `mutation { createBidder(input: { name: "失効トークン株式会社", kind: PRIVATE }) { bidder { id } userErrors { code } } }`,
      {},
      bearer(doomed.token),
    );
    expectUnauthenticated(write);
    expect(await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM bidder')).toEqual(before);

    const other = await srv.gql(VIEWER, {}, bearer(survivor.token));
    expect(other.status).toBe(200);
    expect(other.data.viewer).toEqual({ role: 'MINISTRY', name: 'survivor', ministry: { code: 'MOJ' }, municipality: null });

    const list = await cli('list');
    expect(list.out.some((l) => l.trim().split(/\s+/)[0] === String(id) && l.includes('doomed'))).toBe(true);
  });
});

describe('presenting tokens', () => {
  it('a token with the right id but a wrong secret is refused', async () => {
    const { token } = await create('--role', 'ADMIN', '--name', 'tampered');
    const last = token[token.length - 1];
    const tampered = token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expectUnauthenticated(await srv.gql(VIEWER, {}, bearer(tampered)));
    // The same token untouched still works: only the secret made the difference.
    expect((await srv.gql(VIEWER, {}, bearer(token))).data.viewer.role).toBe('ADMIN');
  });

  it('a well-formed token whose id no token has is refused', async () => {
    const { token } = await create('--role', 'ADMIN', '--name', 'id probe');
    const [{ max }] = await srv.sql<{ max: number }>('SELECT MAX(id) AS max FROM api_token');
    const forged = token.replace(/^mtt_\d+_/, `mtt_${Number(max) + 1000}_`);
    expect(forged).not.toBe(token);
    expectUnauthenticated(await srv.gql(VIEWER, {}, bearer(forged)));
  });

  it("a token's id with another token's secret is refused", async () => {
    const a = await create('--role', 'ADMIN', '--name', 'swap a');
    const b = await create('--role', 'ADMIN', '--name', 'swap b');
    const pattern = /^(mtt_\d+_)(.+)$/;
    const [, prefixA] = pattern.exec(a.token) ?? [];
    const [, , secretB] = pattern.exec(b.token) ?? [];
    expect(prefixA && secretB, 'tokens look like mtt_<id>_<secret> (token.service.ts)').toBeTruthy();
    expectUnauthenticated(await srv.gql(VIEWER, {}, bearer(`${prefixA}${secretB}`)));
  });

  it('viewer answers ANONYMOUS without a token', async () => {
    const result = await srv.gql(VIEWER);
    expect(result.status).toBe(200);
    expect(result.data.viewer).toEqual({ role: 'ANONYMOUS', name: null, ministry: null, municipality: null });
  });

  it('viewer answers role, name and binding for each kind of token', async () => {
    const admin = await create('--role', 'ADMIN', '--name', 'viewer admin');
    const ministry = await create('--role', 'MINISTRY', '--ministry', 'MLIT', '--name', 'viewer mlit');
    const municipality = await create('--role', 'MUNICIPALITY', '--municipality', '012220', '--name', 'viewer mikasa');
    expect((await srv.gql(VIEWER, {}, bearer(admin.token))).data.viewer).toEqual({
      role: 'ADMIN',
      name: 'viewer admin',
      ministry: null,
      municipality: null,
    });
    expect((await srv.gql(VIEWER, {}, bearer(ministry.token))).data.viewer).toEqual({
      role: 'MINISTRY',
      name: 'viewer mlit',
      ministry: { code: 'MLIT' },
      municipality: null,
    });
    expect((await srv.gql(VIEWER, {}, bearer(municipality.token))).data.viewer).toEqual({
      role: 'MUNICIPALITY',
      name: 'viewer mikasa',
      ministry: null,
      municipality: { code: '012220' },
    });
  });

  describe('an Authorization header that is not "Bearer <token>" is UNAUTHENTICATED, not silently anonymous', () => {
    let token: string;
    beforeAll(async () => {
      token = (await create('--role', 'ADMIN', '--name', 'header shapes')).token;
    });
    const shapes: [string, (t: string) => string][] = [
      ['the token without a scheme', (t) => t],
      ['Basic credentials', () => `Basic ${Buffer.from('user:password').toString('base64')}`],
      ['another scheme with the token', (t) => `Token ${t}`],
      ['"Bearer" with nothing after it', () => 'Bearer'],
      ['"Bearer" and a word that is no token', () => 'Bearer nonsense'],
      ['the token followed by another word', (t) => `Bearer ${t} extra`],
      ['two tokens', (t) => `Bearer ${t}, Bearer ${t}`],
    ];
    it.each(shapes)('%s', async (_label, header) => {
      const result = await srv.gql(VIEWER, {}, { authorization: header(token) });
      expectUnauthenticated(result);
    });
  });
});
