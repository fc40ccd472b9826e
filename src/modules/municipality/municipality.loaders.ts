import { badUserInput } from '../../core/graphql/errors.js';
import { byIdLoader, hydrator } from '../../core/graphql/entity-rows.js';
import type { Context } from '../../core/graphql/context.js';
import type { Ordering } from '../../core/graphql/pagination/keyset.js';
import type { ListSource } from '../../core/graphql/pagination/list-query.js';
import { whereTextContains } from '../../core/text/search-grams.js';
import {
  type LocalGovernmentName,
  readLocalGovernments,
  resolveLocalGovernments,
  resolvePrefecture,
} from './local-government-codes.service.js';
import { MunicipalityOrderField } from './municipality.enum.js';
import { Municipality } from './municipality.entity.js';
import type { MunicipalityFilter, MunicipalityOrder } from './municipality.inputs.js';

export const municipalityById = (ctx: Context) => byIdLoader(ctx, Municipality, 'municipality');

/** The 2-digit prefecture number of a `prefectureCode` argument, or BAD_USER_INPUT naming the closest prefectures. */
export function prefectureNumberArgument(value: string, argumentName = 'prefectureCode'): string {
  const prefecture = resolvePrefecture(value);
  if ('problem' in prefecture) throw badUserInput(prefecture.problem, argumentName);
  return prefecture.number;
}

/** Local governments by code, read once per request whatever number of filters name them. */
function localGovernmentByCode(ctx: Context) {
  return ctx.loaders.get<string, LocalGovernmentName | null>('Municipality.byCode', async (codes) => {
    const rows = await readLocalGovernments(ctx.db.knex, codes);
    return codes.map((code) => rows.find((r) => r.code === code) ?? null);
  });
}

/**
 * Local-government codes of a filter, checked: the codes as given (trimmed), or BAD_USER_INPUT
 * naming each unknown one and the closest known (local-government-codes.service.ts).
 */
export async function localGovernmentCodesArgument(ctx: Context, values: readonly string[], argumentName: string): Promise<string[]> {
  const { localGovernments, problems } = await resolveLocalGovernments(ctx.db.knex, values, async (codes) =>
    (await localGovernmentByCode(ctx).loadMany(codes)).filter((r): r is LocalGovernmentName => {
      if (r instanceof Error) throw r;
      return r != null;
    }),
  );
  if (problems.length) throw badUserInput(problems.join('; '), argumentName);
  return localGovernments.map((m) => m.code);
}

export function municipalitySource(ctx: Context, filter?: MunicipalityFilter | null): ListSource<Municipality> {
  const prefecture = filter?.prefectureCode != null ? prefectureNumberArgument(filter.prefectureCode) : null;
  return {
    table: 'municipality',
    alias: 'mu',
    where: (qb) => {
      if (prefecture) qb.where('mu.prefecture_number', prefecture);
      if (filter?.kinds) qb.whereIn('mu.kind', filter.kinds);
      if (filter?.query != null) {
        whereTextContains(qb, 'mu', 'm', filter.query);
      }
    },
    hydrate: hydrator(ctx, Municipality),
  };
}

export function municipalityOrdering(order?: MunicipalityOrder | null): Ordering {
  const field = order?.field ?? MunicipalityOrderField.CODE;
  const direction = order?.direction ?? 'ASC';
  const sql = field === MunicipalityOrderField.NAME ? 'mu.name' : 'mu.code';
  return { name: `${field}:${direction}`, keys: [{ sql, direction, text: true }] };
}
