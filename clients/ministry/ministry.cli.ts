import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { MinistryProjectsDocument, ViewerDocument } from '../generated/graphql.js';
import { table, yen } from '../lib/table.js';
import { TrackerClient, reportFailure } from '../lib/tracker-client.js';

const USAGE = `A ministry app's view of the 市場化テスト tracker.

usage: npm run example:ministry -- projects [--ministry CODE] [--first N]

  projects   your ministry's target services, latest change first, with their latest round,
             its number of bidders and whether it drew a single bid (一者応札)

environment:
  TRACKER_URL    the GraphQL endpoint (default http://127.0.0.1:4000/graphql)
  TRACKER_TOKEN  a MINISTRY token (or none, with --ministry: the published data only)`;

export async function main(argv: string[], client: TrackerClient = TrackerClient.fromEnvironment()): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'projects') {
    console.log(USAGE);
    return command ? 2 : 0;
  }
  try {
    const { values } = parseArgs({ args: rest, options: { ministry: { type: 'string' }, first: { type: 'string', default: '50' } } });
    const first = Number(values.first);
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new Error('--first must be from 1 to 100');
    const ministryCode = values.ministry ?? (await client.request(ViewerDocument)).viewer.ministry?.code;
    if (!ministryCode) throw new Error('say which ministry: --ministry CODE, or set TRACKER_TOKEN to a MINISTRY token');
    const { targetProjects } = await client.request(MinistryProjectsDocument, { ministryCode, first });
    const rows = targetProjects.nodes.map((p) => {
      const t = p.latestTender;
      return [
        p.name,
        p.statusLabel,
        t ? `第${t.round}回 ${t.statusLabel}` : '-',
        t?.numberOfBidders == null ? '(非公開)' : String(t.numberOfBidders),
        t?.isSingleBid == null ? '-' : t.isSingleBid ? '一者応札' : '',
        yen(t?.contractAmountYen),
        t?.winningBid?.bidder.name ?? '-',
      ];
    });
    console.log(`${ministryCode}: ${targetProjects.totalCount} target services (showing ${rows.length})\n`);
    console.log(table(['事業名', '状態', '直近の入札', '応札者数', '一者応札', '契約金額', '落札者'], rows, [3, 5]));
    return 0;
  } catch (error) {
    return reportFailure(error, (e) => `the server refused the request (HTTP ${e.status}): ${e.message}`);
  }
}

// Run when started as a program; tests import `main` instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2));
