import { describe, expect, it } from 'vitest';
import { buildTrackerSchema } from '../../schema.js';

describe('schema', () => {
  it('builds under vitest', async () => {
    const schema = await buildTrackerSchema();
    expect(schema.getType('Tender')).toBeTruthy();
  });
});
