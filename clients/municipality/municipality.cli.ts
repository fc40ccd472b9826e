import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  LocalPilotScheme,
  LocalPilotService,
  LocalPilotStatus,
  LocalPilotVersionDocument,
  PrefecturePilotsDocument,
  PrefecturePilotStatsDocument,
  RegisterLocalPilotDocument,
  TransitionLocalPilotDocument,
  ViewerDocument,
} from '../generated/graphql.js';
import { table } from '../lib/table.js';
import { TrackerClient, reportFailure, UserErrors, written } from '../lib/tracker-client.js';

const USAGE = `A municipality's client for the 市場化テスト tracker.

usage: npm run example:municipality -- <command>

  pilots                                   the local pilots of your prefecture
  register --title T --scheme S --services A,B [--summary X]
                                           register a pilot of your local government (PLANNED)
                                           S: SPECIFIC_PUBLIC_SERVICE | OWN_SCHEME
                                           A: ${Object.values(LocalPilotService).join(', ')}
  move <pilot id> <STATE> [--note N]       move your pilot: ${Object.values(LocalPilotStatus).join(', ')}
  stats                                    your prefecture's figures

environment:
  TRACKER_URL    the GraphQL endpoint (default http://127.0.0.1:4000/graphql)
  TRACKER_TOKEN  a MUNICIPALITY token (npm run token -- create --role MUNICIPALITY --municipality <code> --name …)`;

async function whoAmI(client: TrackerClient) {
  const { viewer } = await client.request(ViewerDocument);
  if (!viewer.municipality) {
    throw new Error(`the token is a ${viewer.role} token, not a MUNICIPALITY token: set TRACKER_TOKEN to your local government's token`);
  }
  const prefecture = viewer.municipality.prefecture ?? viewer.municipality;
  return { municipality: viewer.municipality, prefecture };
}

async function pilots(client: TrackerClient): Promise<void> {
  const { prefecture } = await whoAmI(client);
  const rows: string[][] = [];
  let after: string | null | undefined;
  let total: number;
  do {
    const { localPilots } = await client.request(PrefecturePilotsDocument, { prefectureCode: prefecture.code, first: 100, after });
    total = localPilots.totalCount;
    for (const pilot of localPilots.nodes) {
      const latest = pilot.tenders.nodes[0];
      rows.push([
        pilot.municipality.name,
        pilot.title,
        pilot.statusLabel,
        pilot.schemeLabel,
        String(pilot.services.length),
        latest ? `第${latest.round}回 ${latest.statusLabel}` : '-',
        pilot.id,
      ]);
    }
    after = localPilots.pageInfo.hasNextPage ? localPilots.pageInfo.endCursor : null;
  } while (after);
  console.log(`${prefecture.name}: ${total} local pilots\n`);
  console.log(table(['団体', '件名', '状態', '枠組み', '業務数', '直近の入札', 'id'], rows, [4]));
}

async function register(client: TrackerClient, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { title: { type: 'string' }, scheme: { type: 'string' }, services: { type: 'string' }, summary: { type: 'string' } },
  });
  // A missing option is a usage error; an empty one (--title "") goes to the server, whose
  // refusal (VALIDATION, with the field) is what the program shows.
  if (values.title === undefined || values.scheme === undefined || values.services === undefined) {
    throw new Error('register needs --title, --scheme and --services');
  }
  const scheme = values.scheme as LocalPilotScheme;
  if (!Object.values(LocalPilotScheme).includes(scheme))
    throw new Error(`--scheme must be one of ${Object.values(LocalPilotScheme).join(', ')}`);
  const services = values.services.split(',').map((s) => s.trim()) as LocalPilotService[];
  const unknown = services.filter((s) => !Object.values(LocalPilotService).includes(s));
  if (unknown.length) throw new Error(`unknown services: ${unknown.join(', ')}`);
  const { municipality } = await whoAmI(client);
  const { registerLocalPilot } = await client.request(RegisterLocalPilotDocument, {
    input: { municipalityCode: municipality.code, title: values.title, scheme, services, summary: values.summary },
  });
  const pilot = written(registerLocalPilot).localPilot!;
  console.log(`registered "${pilot.title}" for ${municipality.name}: ${pilot.statusLabel} (version ${pilot.version})`);
  console.log(`id: ${pilot.id}`);
}

async function move(client: TrackerClient, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { note: { type: 'string' } } });
  const [id, to] = positionals;
  if (!id || !to) throw new Error('move needs a pilot id and a state');
  if (!Object.values(LocalPilotStatus).includes(to as LocalPilotStatus))
    throw new Error(`the state must be one of ${Object.values(LocalPilotStatus).join(', ')}`);
  const { node } = await client.request(LocalPilotVersionDocument, { id });
  if (!node || node.__typename !== 'LocalPilot') throw new Error(`no local pilot has the id ${id}`);
  const { transitionLocalPilot } = await client.request(TransitionLocalPilotDocument, {
    input: { id, to: to as LocalPilotStatus, expectedVersion: node.version, note: values.note },
  });
  const moved = written(transitionLocalPilot).localPilot!;
  console.log(
    `${node.title} (${node.municipality.name}): ${node.statusLabel} → ${moved.statusLabel} (${node.status} → ${moved.status}, version ${moved.version})`,
  );
}

async function stats(client: TrackerClient): Promise<void> {
  const { prefecture } = await whoAmI(client);
  const { localPilotStats: s } = await client.request(PrefecturePilotStatsDocument, { prefectureCode: prefecture.code });
  console.log(`${prefecture.name}: ${s.pilotCount} pilots in ${s.municipalityCount} local governments\n`);
  console.log(
    table(
      ['状態', '件数'],
      s.byStatus.map((r) => [r.statusLabel, String(r.count)]),
      [1],
    ),
  );
  console.log();
  console.log(
    table(
      ['枠組み', '件数'],
      s.byScheme.map((r) => [r.schemeLabel, String(r.count)]),
      [1],
    ),
  );
  console.log();
  console.log(
    table(
      ['対象業務', '件数'],
      s.byService.map((r) => [r.service, String(r.count)]),
      [1],
    ),
  );
}

export async function main(argv: string[], client: TrackerClient = TrackerClient.fromEnvironment()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'pilots':
        await pilots(client);
        return 0;
      case 'register':
        await register(client, rest);
        return 0;
      case 'move':
        await move(client, rest);
        return 0;
      case 'stats':
        await stats(client);
        return 0;
      default:
        console.log(USAGE);
        return command ? 2 : 0;
    }
  } catch (error) {
    if (error instanceof UserErrors) {
      console.error('refused (nothing was written):');
      for (const e of error.userErrors) console.error(`  ${e.code}${e.field ? ` ${e.field.join('.')}` : ''}: ${e.message}`);
      return 1;
    }
    return reportFailure(error, (e) => `the server refused the request (HTTP ${e.status}): ${e.message}`);
  }
}

// Run when started as a program; tests import `main` instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2));
