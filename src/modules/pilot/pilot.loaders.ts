import type { Knex } from '@mikro-orm/knex';
import { byIdLoader, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { localGovernmentCodesArgument, prefectureNumberArgument } from '../municipality/municipality.loaders.js';
import { LocalPilot } from './local-pilot.entity.js';
import type { LocalPilotFilter } from './pilot.inputs.js';

export const localPilotById = (ctx: Context) => byIdLoader(ctx, LocalPilot, 'local_pilot');

/** A filter with its `municipalityCode` checked: BAD_USER_INPUT naming the closest for a code no local government has. */
export async function withLocalGovernmentCode(
  ctx: Context,
  filter: LocalPilotFilter | null | undefined,
): Promise<LocalPilotFilter | null | undefined> {
  if (filter?.municipalityCode == null) return filter;
  const [code] = await localGovernmentCodesArgument(ctx, [filter.municipalityCode], 'municipalityCode');
  return { ...filter, municipalityCode: code };
}

export function localPilotSource(ctx: Context, filter?: LocalPilotFilter | null): ListSource<LocalPilot> {
  const prefecture = filter?.prefectureCode != null ? prefectureNumberArgument(filter.prefectureCode) : null;
  return {
    table: 'local_pilot',
    alias: 'lp',
    where: (qb) => {
      if (prefecture) {
        qb.whereIn('lp.municipality_id', (sub: Knex.QueryBuilder) =>
          sub.select('id').from('municipality').where('prefecture_number', prefecture),
        );
      }
      if (filter?.municipalityCode) {
        qb.whereIn('lp.municipality_id', (sub: Knex.QueryBuilder) =>
          sub.select('id').from('municipality').where('code', filter.municipalityCode!),
        );
      }
      if (filter?.statuses) qb.whereIn('lp.status', filter.statuses);
      if (filter?.schemes) qb.whereIn('lp.scheme', filter.schemes);
      if (filter?.services) {
        const services = filter.services;
        // Stored as ",A,B,": "covers any of" is one LIKE per service, the same on every database.
        qb.where((any: Knex.QueryBuilder) => {
          if (services.length === 0) any.whereRaw('1 = 0');
          for (const service of services) any.orWhere('lp.services_list', 'like', `%,${service},%`);
        });
      }
    },
    hydrate: hydrator(ctx, LocalPilot),
  };
}

/** Newest first: pilots are read as news of what local governments are trying. */
export const LOCAL_PILOT_ORDERING: Ordering = {
  name: 'CREATED_AT:DESC',
  keys: [{ sql: 'lp.created_at', direction: 'DESC', instant: true }],
};
