import { parse as parseIni } from 'ini';
import { INDICATOR_CODES, IndicatorCode, isIndicatorCode } from './indicator.enum.js';
import { IndicatorsError, IndicatorsErrorCode } from './indicators.errors.js';
import { isJsonObject } from './release.service.js';

/**
 * Settings in the reference's format (ocdscardinal 0.0.8, src/indicators/mod.rs `Settings`;
 * docs/cli/indicators/index.md "Configuration" and each docs/cli/indicators/R/<code>.md).
 * An indicator runs only if its section is present, even empty (`[R024]`): "Enable an
 * indicator". Property names are the INI names, so an object and a file read the same.
 * Pipe-separated lists stay strings (`open|selective`), as in the file.
 */
export interface IndicatorSettings {
  /** Main currency; otherwise the first currency observed (index.md "Indicators"). */
  currency?: string;
  /** `/tender/procurementMethodDetails` values whose bid prices are not compared. */
  no_price_comparison_procurement_methods?: string;
  /** If set, only these `/tender/procurementMethodDetails` values have prices compared. */
  price_comparison_procurement_methods?: string;
  /** `[exclusions]`: processes skipped by every indicator. */
  exclusions?: { procurement_method_details?: string };
  R003?: { threshold?: number; procurement_methods?: string; procurement_method_details?: Record<string, number> };
  R018?: { procurement_methods?: string };
  R024?: { threshold?: number };
  R025?: { percentile?: number; threshold?: number };
  R028?: Record<string, never>;
  R030?: Record<string, never>;
  R035?: { threshold?: number };
  R036?: Record<string, never>;
  R038?: { threshold?: number; minimum_submitted_bids?: number; minimum_contracting_processes?: number };
  R048?: { digits?: number; threshold?: number; minimum_contracting_processes?: number };
  R058?: { threshold?: number };
}

/**
 * Settings that enable every implemented indicator with its defaults. The reference runs
 * nothing without a settings file; the command line here uses this instead (see README.md).
 */
export function allIndicatorsSettings(): IndicatorSettings {
  return Object.fromEntries(INDICATOR_CODES.map((code) => [code, {}])) as IndicatorSettings;
}

/** Reads an INI settings file's text (the `ini` package nests `[R003.procurement_method_details]`). */
export function parseIndicatorSettingsIni(text: string): IndicatorSettings {
  return parseIndicatorSettings(parseIni(text));
}

type Kind = 'string' | 'integer' | 'natural' | 'decimal' | 'boolean' | 'map-of-integers' | 'map-of-strings';
type Shape = { readonly [property: string]: Kind };

/** Each section's properties and their types (mod.rs: `Option<i64>`, `Option<usize>`, `Option<f64>`). */
const INDICATOR_SECTIONS: Readonly<Record<IndicatorCode, Shape>> = {
  R003: { threshold: 'integer', procurement_methods: 'string', procurement_method_details: 'map-of-integers' },
  R018: { procurement_methods: 'string' },
  R024: { threshold: 'decimal' },
  R025: { percentile: 'natural', threshold: 'decimal' },
  R028: {},
  R030: {},
  R035: { threshold: 'natural' },
  R036: {},
  R038: { threshold: 'decimal', minimum_submitted_bids: 'natural', minimum_contracting_processes: 'natural' },
  R048: { digits: 'natural', threshold: 'natural', minimum_contracting_processes: 'natural' },
  R058: { threshold: 'decimal' },
};

/**
 * Sections of the `prepare` command, which share the settings file that `ocdscardinal init`
 * writes. The `indicators` command accepts and ignores them, as the reference does.
 */
const PREPARE_SECTIONS: Readonly<Record<string, Shape>> = {
  defaults: {
    currency: 'string',
    item_classification_scheme: 'string',
    bid_status: 'string',
    award_status: 'string',
    party_roles: 'boolean',
  },
  redactions: { amount: 'string', organization_id: 'string' },
  corrections: { award_status_by_contract_status: 'boolean' },
  modifications: {
    move_auctions: 'boolean',
    prefix_buyer_or_procuring_entity_id: 'string',
    prefix_tenderer_or_supplier_id: 'string',
    split_procurement_method_details: 'string',
  },
  codelists: { bid_status: 'map-of-strings', award_status: 'map-of-strings' },
};

const TOP_LEVEL: Shape = {
  currency: 'string',
  no_price_comparison_procurement_methods: 'string',
  price_comparison_procurement_methods: 'string',
};

/**
 * Validates settings given as an object (from code, or from a parsed INI file). Like the
 * reference (`#[serde(deny_unknown_fields)]`), an unknown property is an error, reported with
 * its path; numbers may be given as numbers or as the strings an INI file holds.
 */
export function parseIndicatorSettings(raw: unknown): IndicatorSettings {
  const root = expectObject(raw, 'settings');
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(root)) {
    if (Object.hasOwn(TOP_LEVEL, key)) {
      settings[key] = convert(value, TOP_LEVEL[key], key);
    } else if (key === 'exclusions') {
      settings[key] = convertSection(value, { procurement_method_details: 'string' }, key);
    } else if (isIndicatorCode(key)) {
      settings[key] = convertSection(value, INDICATOR_SECTIONS[key], key);
    } else if (Object.hasOwn(PREPARE_SECTIONS, key)) {
      convertSection(value, PREPARE_SECTIONS[key], key);
    } else if (/^R\d{3}$/.test(key)) {
      throw invalid(key, `Cardinal's indicator ${key} is not one this tracker computes (it computes ${INDICATOR_CODES.join(', ')})`);
    } else {
      throw invalid(key, 'unknown property');
    }
  }
  return settings as IndicatorSettings;
}

function convertSection(value: unknown, shape: Shape, path: string): Record<string, unknown> {
  const section = expectObject(value, path);
  const converted: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(section)) {
    const kind = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!kind) {
      const known = Object.keys(shape);
      throw invalid(
        `${path}.${key}`,
        known.length ? `unknown property (expected one of ${known.join(', ')})` : 'unknown property (this section takes none)',
      );
    }
    converted[key] = convert(property, kind, `${path}.${key}`);
  }
  return converted;
}

function convert(value: unknown, kind: Kind, path: string): unknown {
  switch (kind) {
    case 'string':
      if (typeof value === 'string') return value;
      throw invalid(path, `expected text, got ${describe(value)}`);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw invalid(path, `expected true or false, got ${describe(value)}`);
    case 'integer':
    case 'natural':
      return toInteger(value, kind === 'natural', path);
    case 'decimal':
      return toDecimal(value, path);
    case 'map-of-integers':
      return Object.fromEntries(Object.entries(expectObject(value, path)).map(([k, v]) => [k, toInteger(v, false, `${path}.${k}`)]));
    case 'map-of-strings':
      return Object.fromEntries(Object.entries(expectObject(value, path)).map(([k, v]) => [k, convert(v, 'string', `${path}.${k}`)]));
  }
}

function toInteger(value: unknown, natural: boolean, path: string): number {
  const number = typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number) && (!natural || number >= 0)) return number;
  throw invalid(path, `expected ${natural ? 'a natural number (0, 1, 2, …)' : 'an integer'}, got ${describe(value)}`);
}

function toDecimal(value: unknown, path: string): number {
  const text = typeof value === 'string' ? value.trim() : undefined;
  const number = text !== undefined && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : value;
  if (typeof number === 'number' && Number.isFinite(number)) return number;
  throw invalid(path, `expected a decimal number, got ${describe(value)}`);
}

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (isJsonObject(value)) return value as Record<string, unknown>;
  throw invalid(path, `expected a section, got ${describe(value)}`);
}

function describe(value: unknown): string {
  // An INI line without `=` reads as true.
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function invalid(path: string, message: string): IndicatorsError {
  return new IndicatorsError(IndicatorsErrorCode.SETTINGS_INVALID, `${path}: ${message}`);
}
