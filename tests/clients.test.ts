import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as ministryMain } from '../clients/ministry/ministry.cli.js';
import { main as municipalityMain } from '../clients/municipality/municipality.cli.js';
import { TrackerClient } from '../clients/lib/tracker-client.js';
import { gid } from './support/global-ids.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * The example clients (the typed-clients issue), run against a live server: a municipality's
 * command-line program and a ministry app's project list, both written against the typed
 * documents generated from clients/operations. They are type-checked with the rest of the
 * project, so a wrong field or variable would not compile; here they must also work, with
 * and without TRUSTED_DOCUMENTS.
 */
async function run(cli: (argv: string[], client: TrackerClient) => Promise<number>, argv: string[], client: TrackerClient) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await cli(argv, client);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

for (const trusted of [false, true]) {
  describe(`example clients ${trusted ? 'against a server that accepts only trusted documents' : 'against an open server'}`, () => {
    let srv: TestServer;
    let adachi: TrackerClient;
    let moj: TrackerClient;
    beforeAll(async () => {
      srv = await startTestServer({ env: trusted ? { TRUSTED_DOCUMENTS: resolve('clients/generated/persisted-documents.json') } : {} });
      adachi = new TrackerClient({
        url: srv.url,
        token: (await issueTestToken(srv, { role: 'MUNICIPALITY', municipalityCode: '131211' })).token,
      });
      moj = new TrackerClient({ url: srv.url, token: (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' })).token });
    });
    afterAll(() => srv.stop());
    afterEach(() => vi.restoreAllMocks());

    it("lists its prefecture's local pilots in a table", async () => {
      const [{ n }] = await srv.sql<{ n: number }>(
        "SELECT COUNT(*) AS n FROM local_pilot lp JOIN municipality m ON m.id = lp.municipality_id WHERE m.prefecture_number = '13'",
      );
      const r = await run(municipalityMain, ['pilots'], adachi);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain(`東京都: ${Number(n)} local pilots`);
      expect(r.out).toContain('足立区');
      expect(r.out).not.toMatch(/\b(PLANNED|POLICY_ADOPTED|IN_OPERATION|SPECIFIC_PUBLIC_SERVICE|OWN_SCHEME)\b/);
      expect(
        // One line per pilot, its state in Japanese (the API's statusLabel), never the enum name.
        r.out.split('\n').filter((line) => /^[^\s-].*(検討中|実施方針策定|入札手続中|実施中|終了|中断・延期)/.test(line)).length,
      ).toBe(Number(n));
    });

    it('registers a pilot with its municipality token and moves it through its states', async () => {
      const registered = await run(
        municipalityMain,
        [
          'register',
          '--title',
          '住民票の写し等交付の民間委託',
          '--scheme',
          'SPECIFIC_PUBLIC_SERVICE',
          '--services',
          'RESIDENT_RECORD_COPIES,SEAL_CERTIFICATES',
        ],
        adachi,
      );
      expect(registered.code, registered.err).toBe(0);
      const id = /id: (\S+)/.exec(registered.out)![1];
      for (const [to, from, labels] of [
        ['POLICY_ADOPTED', 'PLANNED', '検討中 → 実施方針策定'],
        ['TENDERING', 'POLICY_ADOPTED', '実施方針策定 → 入札手続中'],
      ]) {
        const moved = await run(municipalityMain, ['move', id, to], adachi);
        expect(moved.code, moved.err).toBe(0);
        // Japanese first, the API's names after.
        expect(moved.out).toContain(`${labels} (${from} → ${to}, version`);
      }
      const [row] = await srv.sql<{ status: string; version: number }>(
        'SELECT status, version FROM local_pilot WHERE title = ? ORDER BY id DESC',
        ['住民票の写し等交付の民間委託'],
      );
      expect(row).toEqual({ status: 'TENDERING', version: 3 });
    });

    it('reports user errors clearly and writes nothing', async () => {
      const [{ n: before }] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM local_pilot');
      const refused = await run(
        municipalityMain,
        ['register', '--title', '   ', '--scheme', 'OWN_SCHEME', '--services', 'TAX_CERTIFICATES'],
        adachi,
      );
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('refused (nothing was written)');
      expect(refused.err).toContain('VALIDATION input.title');
      // An empty title goes to the server too (the README's example); only a missing option is
      // a usage error.
      const empty = await run(
        municipalityMain,
        ['register', '--title', '', '--scheme', 'OWN_SCHEME', '--services', 'TAX_CERTIFICATES'],
        adachi,
      );
      expect(empty.code).toBe(1);
      expect(empty.err).toContain('VALIDATION input.title: title は空にできません（title must not be empty）');
      const missing = await run(municipalityMain, ['register', '--scheme', 'OWN_SCHEME', '--services', 'TAX_CERTIFICATES'], adachi);
      expect(missing.code).toBe(2);
      expect(missing.err).toContain('register needs --title, --scheme and --services');
      const [{ n: after }] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM local_pilot');
      expect(Number(after)).toBe(Number(before));
      // 足立区's own pilot is SUSPENDED (the postponed tender): it cannot jump to ENDED.
      const [pilot] = await srv.sql<{ id: number; status: string }>(
        "SELECT lp.id, lp.status FROM local_pilot lp JOIN municipality m ON m.id = lp.municipality_id WHERE m.code = '131211' ORDER BY lp.id LIMIT 1",
      );
      expect(pilot.status).toBe('SUSPENDED');
      const illegal = await run(municipalityMain, ['move', gid('LocalPilot', pilot.id), 'ENDED'], adachi);
      expect(illegal.code).toBe(1);
      expect(illegal.err).toMatch(
        /INVALID_TRANSITION input\.to: 「中断・延期」から「終了」へは移せません。次に移せる状態: 「検討中」、「実施方針策定」（a local pilot cannot move from SUSPENDED to ENDED; allowed next: PLANNED, POLICY_ADOPTED）/,
      );
      // Another local government's pilot is not Adachi's to move.
      const [other] = await srv.sql<{ id: number }>(
        "SELECT lp.id FROM local_pilot lp JOIN municipality m ON m.id = lp.municipality_id WHERE m.code <> '131211' ORDER BY lp.id LIMIT 1",
      );
      const forbidden = await run(municipalityMain, ['move', gid('LocalPilot', other.id), 'SUSPENDED'], adachi);
      expect(forbidden.code).toBe(1);
      expect(forbidden.err).toContain('FORBIDDEN');
    });

    it("prints its prefecture's statistics", async () => {
      const r = await run(municipalityMain, ['stats'], adachi);
      expect(r.code, r.err).toBe(0);
      const [{ n, m }] = await srv.sql<{ n: number; m: number }>(
        "SELECT COUNT(*) AS n, COUNT(DISTINCT lp.municipality_id) AS m FROM local_pilot lp JOIN municipality x ON x.id = lp.municipality_id WHERE x.prefecture_number = '13'",
      );
      expect(r.out).toContain(`東京都: ${Number(n)} pilots in ${Number(m)} local governments`);
    });

    it("lists a ministry's services with their latest round and single-bid flag", async () => {
      const r = await run(ministryMain, ['projects', '--first', '100'], moj);
      expect(r.code, r.err).toBe(0);
      const [{ n }] = await srv.sql<{ n: number }>(
        "SELECT COUNT(*) AS n FROM target_project p JOIN ministry m ON m.id = p.ministry_id WHERE m.code = 'MOJ'",
      );
      expect(r.out).toContain(`MOJ: ${Number(n)} target services`);
      expect(r.out).toContain('一者応札');
      // States in Japanese, as the API's statusLabel answers them, never the enum names.
      expect(r.out).toMatch(/第\d+回 (予定|公告中|締切|落札|不調|中止)/);
      expect(r.out).not.toMatch(/\b(IN_OPERATION|UNDER_EVALUATION|AWARDED|TENDERING)\b/);
    });

    it('says so when the server cannot be reached', async () => {
      const r = await run(ministryMain, ['projects', '--ministry', 'MOJ'], new TrackerClient({ url: 'http://127.0.0.1:9/graphql' }));
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/graphql/);
    });

    it("says so when the token is not a municipality's", async () => {
      const r = await run(municipalityMain, ['pilots'], moj);
      expect(r.code).toBe(2);
      expect(r.err).toContain('not a MUNICIPALITY token');
    });
  });
}
