import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PublicEventType, PublicEventsDocument, type EventFilter } from '../generated/graphql.js';
import { japanTime } from '../lib/table.js';
import { TrackerClient, reportFailure } from '../lib/tracker-client.js';

const USAGE = `Follows the 市場化テスト tracker's public events as they happen (a subscription over WebSocket).

usage: npm run example:subscribe -- [--ministry CODE]… [--municipality CODE]… [--type TYPE]… [--text WORDS] [--count N]

  --ministry CODE       only events of this ministry's services (repeatable), e.g. MOJ
  --municipality CODE   only events of this local government's pilots (six digits; a prefecture's code takes in its municipalities)
  --type TYPE           only events of this type (repeatable): ${Object.values(PublicEventType).join(', ')}
  --text WORDS          only events whose names contain every word
  --count N             stop after N events (default: run until interrupted)

Prints one line per event: when, type, title, id. Anonymous callers see what everyone may see;
with a token, nested fields (a round's bids) follow the token's rights.

environment:
  TRACKER_URL    the GraphQL endpoint (default http://127.0.0.1:4000/graphql; the WebSocket is on the same path)
  TRACKER_TOKEN  optional: an API token`;

export async function main(argv: string[], client: TrackerClient = TrackerClient.fromEnvironment()): Promise<number> {
  let options;
  try {
    options = parseArgs({
      args: argv,
      options: {
        ministry: { type: 'string', multiple: true },
        municipality: { type: 'string', multiple: true },
        type: { type: 'string', multiple: true },
        text: { type: 'string' },
        count: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const types = options.type ?? [];
  const unknown = types.filter((t) => !(Object.values(PublicEventType) as string[]).includes(t));
  const count = options.count === undefined ? Infinity : Number(options.count);
  if (unknown.length || !(count > 0)) {
    console.error(`${unknown.length ? `unknown event type ${unknown.join(', ')}` : '--count must be a positive number'}\n\n${USAGE}`);
    return 2;
  }
  const filter: EventFilter = {
    ...(options.ministry ? { ministryCodes: options.ministry } : {}),
    ...(options.municipality ? { municipalityCodes: options.municipality } : {}),
    ...(types.length ? { types: types as PublicEventType[] } : {}),
    ...(options.text ? { text: options.text } : {}),
  };
  try {
    let seen = 0;
    for await (const { publicEvents: event } of client.subscribe(PublicEventsDocument, { filter })) {
      const round = event.tender?.numberOfBidders != null ? `  応札者数 ${event.tender.numberOfBidders}` : '';
      console.log(`${japanTime(event.occurredAt)}  ${event.type}  ${event.title}${round}  ${event.id}`);
      if (++seen >= count) break;
    }
    return 0;
  } catch (error) {
    return reportFailure(error, (e) => `the server refused the subscription: ${e.message}`);
  }
}

// Run when started as a program; tests import `main` instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2));
