import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

/**
 * A NUL character or an unpaired UTF-16 surrogate cannot be stored as text: PostgreSQL
 * refuses NUL outright (a database error mid-transaction), the driver silently turns a lone
 * surrogate into U+FFFD (so what the user sent is not what is kept), and SQLite keeps both
 * but hands them to C string functions. No field of this API has a use for either.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * Whether a variable value holds an unstorable string (or object key) anywhere. Iterative:
 * variables may nest tens of thousands deep within the body size limit.
 */
function holdsUnstorable(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (!isStorableText(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (!isStorableText(key)) return true;
        stack.push(v);
      }
    }
  }
  return false;
}

function literalIn(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (!isStorableText(node.value)) found = true;
    },
  });
  return found;
}

function refuse(where: string): GraphQLError {
  return new GraphQLError(
    `${where} contains a NUL character or an unpaired surrogate (broken UTF-16), which cannot be stored or searched; remove it and send the request again`,
    { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
  );
}

/**
 * Refuses, before any resolver runs, a request whose variables or string literals hold
 * text that cannot be stored (see UNSTORABLE): the same clear BAD_USER_INPUT on both
 * databases, instead of a database error on one and silently changed text on the other.
 */
export function storableTextPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            if (holdsUnstorable(value)) throw refuse(`The variable $${name}`);
          }
          if (literalIn(document)) throw refuse('A string in the query');
        },
      };
    },
  };
}
