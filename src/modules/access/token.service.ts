import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { ANONYMOUS, Role, type Viewer } from '../../core/auth/viewer.js';
import { isValidLocalGovernmentCode } from '../../core/codes/local-government-code.js';
import { unauthenticated } from '../../core/graphql/errors.js';
import { knexIn } from '../../core/db/find.js';
import { readMinistryNames, resolveMinistries } from '../ministry/ministry-codes.service.js';
import { Ministry } from '../ministry/ministry.entity.js';
import { resolveLocalGovernments } from '../municipality/local-government-codes.service.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { ApiToken } from './api-token.entity.js';

/**
 * Tokens look like `mtt_<id>_<secret>`: the id finds the row, the 43-character secret
 * (32 random bytes, base64url) is what proves possession. Only SHA-256(secret) is stored:
 * the secret has 256 bits of entropy, so a slow password hash would add nothing.
 */
const TOKEN_PATTERN = /^mtt_([1-9]\d{0,9})_([A-Za-z0-9_-]{43})$/;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export class TokenRequestError extends Error {}

export interface IssueTokenRequest {
  role: Role;
  name: string;
  ministryCode?: string | null;
  municipalityCode?: string | null;
}

/** Creates a token; returns the plaintext, which is never stored or shown again. */
export async function issueToken(em: EntityManager, request: IssueTokenRequest): Promise<{ token: string; record: ApiToken }> {
  const name = request.name.trim();
  if (!name || name.length > 100) throw new TokenRequestError('--name must be 1 to 100 characters');
  let ministry: Ministry | null = null;
  let municipality: Municipality | null = null;
  switch (request.role) {
    case Role.ADMIN:
      if (request.ministryCode || request.municipalityCode)
        throw new TokenRequestError('an ADMIN token is not bound to a ministry or a local government');
      break;
    case Role.MINISTRY:
      if (!request.ministryCode) throw new TokenRequestError('a MINISTRY token needs --ministry CODE (e.g. MOJ)');
      if (request.municipalityCode) throw new TokenRequestError('a MINISTRY token is not bound to a local government');
      {
        // A code or a Japanese name, as every filter takes it; an unknown one names the closest.
        const { ministries, problems } = resolveMinistries([request.ministryCode], await readMinistryNames(knexIn(em)));
        if (problems.length) throw new TokenRequestError(problems.join('; '));
        ministry = await em.findOneOrFail(Ministry, { code: ministries[0].code });
      }
      break;
    case Role.MUNICIPALITY:
      if (!request.municipalityCode)
        throw new TokenRequestError('a MUNICIPALITY token needs --municipality CODE (six-digit local-government code)');
      if (request.ministryCode) throw new TokenRequestError('a MUNICIPALITY token is not bound to a ministry');
      if (!isValidLocalGovernmentCode(request.municipalityCode))
        throw new TokenRequestError(`${request.municipalityCode} is not a local-government code (six digits with a valid check digit)`);
      {
        const { localGovernments, problems } = await resolveLocalGovernments(knexIn(em), [request.municipalityCode]);
        if (problems.length) throw new TokenRequestError(problems.join('; '));
        municipality = await em.findOneOrFail(Municipality, { code: localGovernments[0].code });
      }
      break;
    default:
      throw new TokenRequestError('--role must be ADMIN, MINISTRY or MUNICIPALITY');
  }
  const secret = randomBytes(32).toString('base64url');
  const record = em.create(ApiToken, { name, role: request.role, ministry, municipality, secretHash: hashSecret(secret) });
  await em.flush();
  return { token: `mtt_${record.id}_${secret}`, record };
}

export async function revokeToken(em: EntityManager, id: number): Promise<ApiToken> {
  const record = await em.findOne(ApiToken, { id });
  if (!record) throw new TokenRequestError(`no token has the id ${id}`);
  if (record.revokedAt) throw new TokenRequestError(`token ${id} was already revoked on ${record.revokedAt.toISOString()}`);
  record.revokedAt = new Date();
  await em.flush();
  return record;
}

const DUMMY_HASH = Buffer.alloc(32);

/**
 * The caller of a request from its `Authorization` header: none → anonymous; anything else
 * must be `Bearer <a live token>`, or the request is refused as UNAUTHENTICATED (a typo in a
 * token must not silently downgrade a ministry to anonymous).
 */
export async function authenticate(knex: Knex, header: string | undefined): Promise<Viewer> {
  if (header === undefined || header.trim() === '') return ANONYMOUS;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const parsed = match ? TOKEN_PATTERN.exec(match[1]) : null;
  if (!parsed) throw unauthenticated('the Authorization header must be "Bearer <token>" with a token issued by `npm run token -- create`');
  const row = (await knex('api_token')
    .select('id', 'name', 'role', 'ministry_id', 'municipality_id', 'secret_hash', 'revoked_at')
    .where('id', Number(parsed[1]))
    .first()) as
    | {
        id: number;
        name: string;
        role: Role;
        ministry_id: number | null;
        municipality_id: number | null;
        secret_hash: string;
        revoked_at: unknown;
      }
    | undefined;
  const presented = Buffer.from(hashSecret(parsed[2]), 'hex');
  // Compare even when there is no row, so timing does not tell which ids exist.
  const matches = timingSafeEqual(presented, row ? Buffer.from(row.secret_hash, 'hex') : DUMMY_HASH) && row !== undefined;
  if (!row || !matches || row.revoked_at != null) throw unauthenticated('the token is not valid or has been revoked');
  return {
    role: row.role,
    tokenId: row.id,
    name: row.name,
    ministryId: row.ministry_id,
    municipalityId: row.municipality_id,
  };
}
