import { GraphQLError } from 'graphql';
import { japaneseFirst } from './user-error.js';

/**
 * Top-level GraphQL errors (docs/api.md "Mutations"): for malformed requests, authentication
 * and faults. Domain refusals are `userErrors`, not these.
 */
export function badUserInput(message: string, argumentName?: string): GraphQLError {
  return new GraphQLError(japaneseFirst('引数に誤りがあります', message), {
    extensions: { code: 'BAD_USER_INPUT', ...(argumentName ? { argumentName } : {}) },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
