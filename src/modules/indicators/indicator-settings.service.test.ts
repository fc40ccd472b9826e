import { describe, expect, it } from 'vitest';
import { allIndicatorsSettings, parseIndicatorSettings, parseIndicatorSettingsIni } from './indicator-settings.service.js';
import { IndicatorsError, IndicatorsErrorCode } from './indicators.errors.js';

function expectRefusal(run: () => unknown, message: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IndicatorsError);
  expect((caught as IndicatorsError).code).toBe(IndicatorsErrorCode.SETTINGS_INVALID);
  expect((caught as IndicatorsError).message).toContain(message);
}

describe('parseIndicatorSettingsIni', () => {
  it('reads the reference documentation examples', () => {
    // docs/cli/indicators/R/003.md, index.md "Global configuration" and "Enable an indicator".
    const settings = parseIndicatorSettingsIni(`
currency = USD
no_price_comparison_procurement_methods = Random Selection|Sorteo de Obras

[exclusions]
procurement_method_details = Random Selection

[R003]
threshold = 15 # default
procurement_methods = open|selective|limited

[R003.procurement_method_details]
Cotización = 7
Licitación de Seguros = 10

[R024]

[R025]
percentile = 75
threshold = 0.05
`);
    expect(settings).toEqual({
      currency: 'USD',
      no_price_comparison_procurement_methods: 'Random Selection|Sorteo de Obras',
      exclusions: { procurement_method_details: 'Random Selection' },
      R003: {
        threshold: 15,
        procurement_methods: 'open|selective|limited',
        procurement_method_details: { Cotización: 7, 'Licitación de Seguros': 10 },
      },
      R024: {},
      R025: { percentile: 75, threshold: 0.05 },
    });
  });

  it('enables an indicator by its section alone, and leaves out commented ones', () => {
    expect(parseIndicatorSettingsIni('[R028]\n; [R036]\n; threshold = 1\n[R030]\n')).toEqual({ R028: {}, R030: {} });
  });

  it('accepts the whole file `ocdscardinal init` writes, prepare sections included', () => {
    const settings = parseIndicatorSettingsIni(`
; currency = USD
[defaults]
currency = USD
party_roles = true
[redactions]
amount = 0
[corrections]
award_status_by_contract_status = true
[modifications]
move_auctions = true
split_procurement_method_details = -
[codelists.bid_status]
qualified = valid
[codelists.award_status]
Active = active
[R038]
threshold = 0.5
minimum_submitted_bids = 2
minimum_contracting_processes = 2
[R048]
digits = 2
threshold = 10
minimum_contracting_processes = 20
`);
    expect(settings).toEqual({
      R038: { threshold: 0.5, minimum_submitted_bids: 2, minimum_contracting_processes: 2 },
      R048: { digits: 2, threshold: 10, minimum_contracting_processes: 20 },
    });
  });

  it('refuses unknown properties with their path, as deny_unknown_fields does', () => {
    expectRefusal(
      () => parseIndicatorSettingsIni('[R024]\nthreshhold = 0.1\n'),
      'R024.threshhold: unknown property (expected one of threshold)',
    );
    expectRefusal(() => parseIndicatorSettingsIni('[R028]\nthreshold = 1\n'), 'R028.threshold: unknown property (this section takes none)');
    expectRefusal(() => parseIndicatorSettingsIni('colour = red\n'), 'colour: unknown property');
    expectRefusal(() => parseIndicatorSettingsIni('[R044]\n'), "R044: Cardinal's indicator R044 is not one this tracker computes");
  });

  it('refuses values of the wrong type', () => {
    expectRefusal(() => parseIndicatorSettingsIni('[R003]\nthreshold = soon\n'), 'R003.threshold: expected an integer, got "soon"');
    expectRefusal(() => parseIndicatorSettingsIni('[R035]\nthreshold = -1\n'), 'R035.threshold: expected a natural number');
    expectRefusal(() => parseIndicatorSettingsIni('[R048]\ndigits = 2.5\n'), 'R048.digits: expected a natural number');
    expectRefusal(() => parseIndicatorSettingsIni('[R024]\nthreshold\n'), 'R024.threshold: expected a decimal number, got true');
    expectRefusal(
      () => parseIndicatorSettingsIni('[R003.procurement_method_details]\nx = five\n'),
      'R003.procurement_method_details.x: expected an integer',
    );
    expectRefusal(() => parseIndicatorSettingsIni('R024 = 1\n'), 'R024: expected a section, got "1"');
  });
});

describe('parseIndicatorSettings (object)', () => {
  it('takes numbers as numbers or as the text an INI file holds', () => {
    expect(parseIndicatorSettings({ R024: { threshold: 0.05 }, R003: { threshold: '10' } })).toEqual({
      R024: { threshold: 0.05 },
      R003: { threshold: 10 },
    });
    expect(parseIndicatorSettings({ R058: { threshold: '1e-1' } })).toEqual({ R058: { threshold: 0.1 } });
  });

  it('allows a negative R003 threshold (an i64 in the reference) but no fractions', () => {
    expect(parseIndicatorSettings({ R003: { threshold: -1 } })).toEqual({ R003: { threshold: -1 } });
    expectRefusal(() => parseIndicatorSettings({ R003: { threshold: 1.5 } }), 'R003.threshold: expected an integer, got 1.5');
  });

  it('refuses anything but an object at the top', () => {
    expectRefusal(() => parseIndicatorSettings(null), 'settings: expected a section, got null');
    expectRefusal(() => parseIndicatorSettings({ toString: {} }), 'toString: unknown property');
  });
});

describe('allIndicatorsSettings', () => {
  it('enables the eleven implemented indicators with their defaults', () => {
    expect(Object.keys(allIndicatorsSettings())).toEqual([
      'R003',
      'R018',
      'R024',
      'R025',
      'R028',
      'R030',
      'R035',
      'R036',
      'R038',
      'R048',
      'R058',
    ]);
    expect(Object.values(allIndicatorsSettings()).every((section) => Object.keys(section).length === 0)).toBe(true);
  });
});
