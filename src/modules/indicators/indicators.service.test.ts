import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatIndicatorsJson, toIndicatorsObject } from './indicator-output.service.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import { IndicatorsError, IndicatorsErrorCode } from './indicators.errors.js';
import { calculateIndicators, calculateIndicatorsFromFile, IndicatorEngine, type IndicatorRunOptions } from './indicators.service.js';

/** Runs the engine over lines of text; returns the printed JSON and the warnings. */
function run(lines: (string | object)[], settings: IndicatorSettings, options: IndicatorRunOptions = {}) {
  const warnings: string[] = [];
  const engine = new IndicatorEngine(settings, { onWarning: (m) => warnings.push(m), ...options });
  lines.forEach((line, i) => engine.addLine(typeof line === 'string' ? line : JSON.stringify(line), i + 1));
  const results = engine.finish();
  return {
    text: formatIndicatorsJson(results, { meta: false, maps: options.map }),
    meta: formatIndicatorsJson(results),
    object: toIndicatorsObject(results, { meta: false }),
    warnings,
  };
}

/** A price-only process: the winner W bids `won`, the loser L bids `lost`. */
function pricedProcess(ocid: string, won: number, lost: number, currency = 'USD', extra: object = {}) {
  return {
    ocid,
    bids: {
      details: [
        { status: 'valid', tenderers: [{ id: 'W' }], value: { amount: won, currency } },
        { status: 'valid', tenderers: [{ id: 'L' }], value: { amount: lost, currency } },
      ],
    },
    awards: [{ status: 'active', suppliers: [{ id: 'W' }] }],
    ...extra,
  };
}

describe('IndicatorEngine', () => {
  it('prints groups in the reference order, ProcuringEntity before Buyer when only they have results', () => {
    const process = (ocid: string, buyer: string) => ({
      ocid,
      buyer: { id: buyer },
      tender: { procuringEntity: { id: `P${buyer}` } },
      bids: { details: [{ status: 'disqualified' }, { status: 'valid' }] },
    });
    const { text } = run([process('1', 'B')], { R038: {} });
    // The reference removes the empty OCID group with IndexMap::swap_remove (src/lib.rs).
    expect(text).toBe('{"ProcuringEntity":{"PB":{"R038":0.5}},"Buyer":{"B":{"R038":0.5}}}\n');
  });

  it('prints {} and null quartiles for an input without processes, as the reference does', () => {
    const { text, meta } = run([], { R024: {}, R003: {} });
    expect(text).toBe('{}\n');
    expect(meta).toBe('{"Meta":{"R024":{"q1":null,"q3":null,"lower_fence":null}}}\n');
  });

  it('skips blank lines silently and other unparsable lines with a warning naming the line', () => {
    const { object, warnings } = run(
      ['', '  \t', '{"ocid":', 'not json', JSON.stringify({ ocid: 'x', tender: { numberOfTenderers: 1, procurementMethod: 'open' } })],
      { R018: {} },
    );
    expect(object).toEqual({ OCID: { x: { R018: 1 } } });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^Line 3 is invalid JSON, skipping\. \[/);
    expect(warnings[1]).toMatch(/^Line 4 is invalid JSON, skipping\. \[/);
  });

  it('refuses the first bad line in strict mode, with its number', () => {
    const engine = new IndicatorEngine({ R018: {} }, { strict: true });
    engine.addLine('{"ocid":"a"}', 1);
    let caught: unknown;
    try {
      engine.addLine('{oops}', 2);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IndicatorsError);
    expect((caught as IndicatorsError).code).toBe(IndicatorsErrorCode.INPUT_INVALID_JSON);
    expect((caught as IndicatorsError).message).toMatch(/^Line 2 is invalid JSON\. \[/);
  });

  it('ignores lines that are not objects with a string ocid', () => {
    const flagged = { tender: { numberOfTenderers: 1, procurementMethod: 'open' } };
    const { object } = run(['[1]', '"text"', { ...flagged }, { ...flagged, ocid: 5 }, { ...flagged, ocid: 'ok' }], { R018: {} });
    expect(object).toEqual({ OCID: { ok: { R018: 1 } } });
  });

  it('does not count numberOfTenderers written 1.0 as one tenderer (serde_json as_u64)', () => {
    const tender = (n: string) => `{"ocid":"n${n}","tender":{"procurementMethod":"open","numberOfTenderers":${n}}}`;
    const { object } = run([tender('1'), tender('1.0'), tender('1e0'), tender('2')], { R018: {} });
    expect(object).toEqual({ OCID: { n1: { R018: 1 } } });
  });

  it('fixes the main currency at the first currency observed, across indicators, and warns about others', () => {
    const { object, warnings } = run(
      [pricedProcess('eur', 1, 2, 'EUR'), pricedProcess('usd', 1, 1, 'USD'), pricedProcess('eur2', 1, 1, 'EUR')],
      { R024: { threshold: 0.5 } },
    );
    expect(object).toEqual({ OCID: { eur2: { R024: 0 } }, Tenderer: { W: { R024: 0 }, L: { R024: 0 } } });
    expect(warnings).toEqual(['USD is not Some("EUR"), skipping.', 'USD is not Some("EUR"), skipping.']);
  });

  it('uses the configured currency instead of the first observed one', () => {
    const { object } = run([pricedProcess('eur', 1, 1, 'EUR'), pricedProcess('usd', 1, 1, 'USD')], {
      currency: 'USD',
      R024: { threshold: 0.5 },
    });
    expect(Object.keys(object.OCID as object)).toEqual(['usd']);
  });

  it('applies [exclusions] and price comparison lists', () => {
    const lines = [
      pricedProcess('plain', 1, 1),
      pricedProcess('excluded', 1, 1, 'USD', { tender: { procurementMethodDetails: 'Lottery' } }),
      pricedProcess('auction', 1, 1, 'USD', { tender: { procurementMethodDetails: 'Reverse Auction' } }),
    ];
    const only = (settings: IndicatorSettings) => Object.keys(run(lines, { R024: { threshold: 0.5 }, ...settings }).object.OCID as object);
    expect(only({ exclusions: { procurement_method_details: 'Lottery' } })).toEqual(['plain', 'auction']);
    expect(only({ no_price_comparison_procurement_methods: 'Reverse Auction' })).toEqual(['plain', 'excluded']);
    // An allow list needs procurementMethodDetails to be set and listed.
    expect(only({ price_comparison_procurement_methods: 'Reverse Auction' })).toEqual(['auction']);
  });

  it('warns that no_price_comparison_procurement_methods is moot next to price_comparison_procurement_methods', () => {
    const { warnings } = run([], { no_price_comparison_procurement_methods: 'A', price_comparison_procurement_methods: 'B' });
    expect(warnings).toEqual(['no_price_comparison_procurement_methods has no effect if price_comparison_procurement_methods is set.']);
  });

  it('uses the R003 threshold of the process procurementMethodDetails, and 15 days otherwise', () => {
    const process = (ocid: string, details: string | undefined, end: string) => ({
      ocid,
      tender: { procurementMethodDetails: details, tenderPeriod: { startDate: '2024-04-01T09:00:00+09:00', endDate: end } },
    });
    const { object } = run(
      [
        process('urgent-ok', 'Urgent', '2024-04-06T09:00:00+09:00'),
        process('urgent-short', 'Urgent', '2024-04-05T09:00:00+09:00'),
        process('open-short', undefined, '2024-04-15T09:00:00+09:00'),
        process('open-ok', undefined, '2024-04-16T09:00:00+09:00'),
      ],
      { R003: { procurement_method_details: { Urgent: 5 } } },
    );
    expect(object).toEqual({ OCID: { 'urgent-short': { R003: 1 }, 'open-short': { R003: 1 } } });
  });

  it('keeps the reference maps with --map', () => {
    const { text } = run([pricedProcess('p', 1, 1), pricedProcess('q', 1, 1)], { R024: { threshold: 0.5 }, R025: {} }, { map: true });
    const maps = JSON.parse(text).Maps;
    expect(Object.keys(maps)).toEqual([
      'ocid_buyer_r038',
      'ocid_procuringentity_r038',
      'ocid_tenderer',
      'ocid_tenderer_r024',
      'ocid_tenderer_r028',
      'ocid_tenderer_r030',
      'ocid_tenderer_r035',
      'ocid_tenderer_r058',
    ]);
    expect(maps.ocid_tenderer).toEqual({ p: ['W', 'L'], q: ['W', 'L'] });
    expect(maps.ocid_tenderer_r024).toEqual({ p: ['W', 'L'], q: ['W', 'L'] });
  });

  it('streams JSON Lines split on \\n, tolerating \\r\\n and a last line without newline', async () => {
    const line = (ocid: string) => JSON.stringify({ ocid, tender: { numberOfTenderers: 1, procurementMethod: 'open' } });
    const bytes = Buffer.from(`${line('a')}\r\n${line('b')}\n\n${line('c')}`);
    // Chunks cut mid-line and mid-character must not matter.
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 60), bytes.subarray(60)];
    const results = await calculateIndicators(Readable.from(chunks), { R018: {} });
    expect(toIndicatorsObject(results, { meta: false })).toEqual({ OCID: { a: { R018: 1 }, b: { R018: 1 }, c: { R018: 1 } } });
  });

  it('skips a line that is not UTF-8 with the reference warning', async () => {
    const warnings: string[] = [];
    const input = Readable.from([Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]);
    await calculateIndicators(input, { R018: {} }, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual(['Line 1 caused an I/O error, skipping. [stream did not contain valid UTF-8]']);
  });
});

describe('calculateIndicatorsFromFile', () => {
  it('turns a file that cannot be read into INPUT_UNREADABLE, naming the file', async () => {
    const failure = calculateIndicatorsFromFile('/nonexistent/releases.jsonl', { R018: {} });
    await expect(failure).rejects.toBeInstanceOf(IndicatorsError);
    await expect(failure).rejects.toMatchObject({
      code: IndicatorsErrorCode.INPUT_UNREADABLE,
      message: expect.stringContaining('/nonexistent/releases.jsonl: '),
    });
  });
});
