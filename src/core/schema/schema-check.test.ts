import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { reviewSchemaChange } from './schema-diff.js';
import { lintSchema } from './schema-lint.js';

const BASE = `
"""Q"""
type Query {
  """a"""
  a: String
  """b"""
  b: String @deprecated(reason: "use a")
  """c"""
  c(
    """x"""
    x: Int
  ): Status
}
"""S"""
enum Status {
  """on"""
  ON
  """off"""
  OFF @deprecated(reason: "gone")
}
`;

describe('schema change review', () => {
  it('refuses removing a field that was never deprecated', async () => {
    const review = await reviewSchemaChange(BASE, BASE.replace(/"""a"""\n {2}a: String\n/, ''));
    expect(review.refused.map((c) => c.path)).toEqual(['Query.a']);
  });

  it('allows removing a field deprecated in the earlier schema', async () => {
    const review = await reviewSchemaChange(BASE, BASE.replace(/"""b"""\n {2}b: String @deprecated\(reason: "use a"\)\n/, ''));
    expect(review.refused).toEqual([]);
    expect(review.deprecatedThenRemoved.map((c) => c.path)).toEqual(['Query.b']);
  });

  it('allows removing a deprecated enum value and refuses removing a live one', async () => {
    const withoutOff = await reviewSchemaChange(BASE, BASE.replace(/ {2}"""off"""\n {2}OFF @deprecated\(reason: "gone"\)\n/, ''));
    expect(withoutOff.refused).toEqual([]);
    const withoutOn = await reviewSchemaChange(BASE, BASE.replace(/ {2}"""on"""\n {2}ON\n/, ''));
    expect(withoutOn.refused.map((c) => c.path)).toEqual(['Status.ON']);
  });

  it('refuses changing a field\'s type and reports an added enum value as dangerous', async () => {
    const retyped = await reviewSchemaChange(BASE, BASE.replace('a: String', 'a: Int'));
    expect(retyped.refused.map((c) => c.path)).toEqual(['Query.a']);
    const grown = await reviewSchemaChange(BASE, BASE.replace('  ON\n', '  ON\n  """mid"""\n  MID\n'));
    expect(grown.refused).toEqual([]);
    expect(grown.dangerous.map((c) => c.path)).toEqual(['Status.MID']);
  });

  it('accepts additions as safe', async () => {
    const review = await reviewSchemaChange(BASE, BASE.replace('  """a"""\n  a: String\n', '  """a"""\n  a: String\n  """d"""\n  d: Int\n'));
    expect(review.refused).toEqual([]);
    expect(review.safe.length).toBeGreaterThan(0);
  });
});

describe('schema lint', () => {
  it('finds nothing wrong with the committed schema', () => {
    expect(lintSchema(buildSchema(readFileSync('schema/schema.graphql', 'utf8')))).toEqual([]);
  });

  it('names missing descriptions, bad names and broken connection shapes', () => {
    const problems = lintSchema(
      buildSchema(`
        """Q"""
        type Query {
          things(first: Int): ThingConnection
          Bad_Name: Int
        }
        """T"""
        type Thing { """i""" id: ID! }
        """C"""
        type ThingConnection { """n""" nodes: [Thing] }
        """E"""
        enum Color { """r""" red }
        """I"""
        input ThingStuff { """x""" x: Int }
      `),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'Query.things has no description',
        'field Query.Bad_Name is not camelCase',
        'Query.things must take after: String',
        'ThingConnection.edges must be [ThingEdge!]! (Relay connection shape)',
        'ThingConnection.nodes must be [Thing!]! (Relay connection shape)',
        'enum value Color.red is not SCREAMING_SNAKE_CASE',
        'input ThingStuff should end with Input, Filter or Order',
      ]),
    );
  });
});
