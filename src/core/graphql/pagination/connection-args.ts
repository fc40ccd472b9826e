import { ArgsType, Field, Int } from 'type-graphql';
import { badUserInput } from '../errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `first`/`after`, `last`/`before` (docs/api.md "Connections"; Relay Cursor Connections). */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Return the first n items (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (from `pageInfo.endCursor` or an edge).' })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Return the last n items (at most ${MAX_PAGE_SIZE}); use with \`before\` to page backwards.`,
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor (from `pageInfo.startCursor` or an edge).' })
  before?: string | null;
}

/** Which slice of a list a request asks for, after validation. */
export interface PageWindow {
  direction: 'forward' | 'backward';
  size: number;
  /** Cursor to start after (forward) or end before (backward). */
  cursor: string | null;
  cursorArgument: 'after' | 'before';
}

/**
 * Validates paging arguments. More than 100 is an error, not a silent cut (docs/api.md), and its
 * message says how to get more: cursors, or the whole table from the exports;
 * `first` with `last` is refused because the result would be ambiguous.
 */
export function pageWindow(args: ConnectionArgs): PageWindow {
  const { first, last, after, before } = args;
  if (first != null && last != null) throw badUserInput('pass either `first` or `last`, not both', 'last');
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw badUserInput(
        `1ページは ${MAX_PAGE_SIZE} 件までです（\`${name}\`: ${value}）。続きはカーソルで（\`pageInfo.endCursor\` を \`after\` に）、` +
          `全件は表のダウンロード（\`/export/{projects,tenders,bids}.{xlsx,csv}\`）か \`npm run export\` で` +
          `（\`${name}\` must be from 0 to ${MAX_PAGE_SIZE} (got ${value}). To get more, page with cursors (pass \`pageInfo.endCursor\` as ` +
          `\`after\`); to get everything at once, download a whole table at \`/export/{projects,tenders,bids}.{xlsx,csv}\` or run \`npm run export\`）`,
        name,
      );
    }
  }
  if (last != null || (before != null && first == null)) {
    if (after != null) throw badUserInput('`after` pages forwards: use it with `first`, not `last`', 'after');
    return { direction: 'backward', size: last ?? DEFAULT_PAGE_SIZE, cursor: before ?? null, cursorArgument: 'before' };
  }
  if (before != null) throw badUserInput('`before` pages backwards: use it with `last`, not `first`', 'before');
  return { direction: 'forward', size: first ?? DEFAULT_PAGE_SIZE, cursor: after ?? null, cursorArgument: 'after' };
}
