import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { IndicatorCode } from './indicator.enum.js';
import { IndicatorResults } from './indicator-results.service.js';
import type { IndicatorSettings } from './indicator-settings.service.js';
import type { FoldContext, Indicator } from './indicator.type.js';
import { IndicatorsError, IndicatorsErrorCode } from './indicators.errors.js';
import { readJsonLines } from './jsonl-lines.service.js';
import { ShortSubmissionPeriod } from './r003-short-submission-period.indicator.js';
import { SingleBidReceived } from './r018-single-bid-received.indicator.js';
import { PriceCloseToWinningBid } from './r024-price-close-to-winning-bid.indicator.js';
import { ExcessiveUnsuccessfulBids } from './r025-excessive-unsuccessful-bids.indicator.js';
import { IdenticalBidPrices } from './r028-identical-bid-prices.indicator.js';
import { LateBidWon } from './r030-late-bid-won.indicator.js';
import { AllExceptWinningBidDisqualified } from './r035-all-except-winning-bid-disqualified.indicator.js';
import { LowestBidDisqualified } from './r036-lowest-bid-disqualified.indicator.js';
import { ExcessiveDisqualifiedBids } from './r038-excessive-disqualified-bids.indicator.js';
import { HeterogeneousSupplier } from './r048-heterogeneous-supplier.indicator.js';
import { HeavilyDiscountedBid } from './r058-heavily-discounted-bid.indicator.js';
import {
  arrayMember,
  isCancelledContractingProcess,
  isJsonObject,
  type JsonObject,
  matchesProcurementMethodDetails,
  organizationIds,
  parsePipeSeparated,
  stringMember,
  submittedBids,
} from './release.service.js';
import { SecondLowestBidRatio } from './second-lowest-bid-ratio.service.js';

/** `[exclusions]` is a deny list only (src/lib.rs passes an empty allow list). */
const NO_ALLOW_LIST: ReadonlySet<string> = new Set();

/** How a run behaves beyond the settings (the reference's command-line flags). */
export interface IndicatorRunOptions {
  /** Keep the "Maps" from processes to organizations (the reference's `--map`). */
  readonly map?: boolean;
  /** Stop at the first line that is not JSON, instead of warning and skipping it. */
  readonly strict?: boolean;
  /** Receives the reference's warnings (skipped lines, other currencies); ignored if absent. */
  readonly onWarning?: (message: string) => void;
}

/**
 * The indicator engine: feed it compiled releases one by one, then `finish()`. It mirrors
 * ocdscardinal 0.0.8 `Indicators::run` (src/lib.rs): a line counts if it is a JSON object
 * with a string `/ocid`, whose `/tender/status` is not cancelled and whose
 * `/tender/procurementMethodDetails` is not in `[exclusions]`; only indicators with a settings
 * section run, in the reference's order (which decides who first fixes the main currency).
 */
export class IndicatorEngine {
  readonly results: IndicatorResults;
  private readonly indicators: Indicator[] = [];
  private readonly excludedDetails: ReadonlySet<string>;
  private readonly warn: (message: string) => void;
  private currency: string | undefined;
  private finished = false;

  constructor(
    private readonly settings: IndicatorSettings,
    private readonly options: IndicatorRunOptions = {},
  ) {
    this.results = new IndicatorResults({ map: options.map });
    this.warn = options.onWarning ?? (() => {});
    this.excludedDetails = parsePipeSeparated(settings.exclusions?.procurement_method_details);
    if (settings.no_price_comparison_procurement_methods !== undefined && settings.price_comparison_procurement_methods !== undefined) {
      this.warn('no_price_comparison_procurement_methods has no effect if price_comparison_procurement_methods is set.');
    }
    this.indicators = this.createIndicators();
    // Even with no input the reference's reduce step runs once, so these groups always exist.
    this.results.openGroups();
  }

  /**
   * Reads one line of JSON Lines (1-based `number`, for messages). Blank lines are skipped
   * silently; other unparsable lines are skipped with a warning, as the reference does, or
   * refused in strict mode. `text` undefined means the line was not valid UTF-8.
   */
  addLine(text: string | undefined, number: number): void {
    if (text === undefined) {
      this.refuse(number, `Line ${number} caused an I/O error, skipping. [stream did not contain valid UTF-8]`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // Rust's u8::is_ascii_whitespace: space, \t, \n, \f, \r.
      if (!/^[ \t\n\f\r]*$/.test(text)) this.refuse(number, `Line ${number} is invalid JSON, skipping. [${(error as Error).message}]`);
      return;
    }
    this.addRelease(value, text);
  }

  /** Folds one already-parsed release; `sourceText` (its JSON text) sharpens R018 if given. */
  addRelease(value: unknown, sourceText?: string): void {
    if (!isJsonObject(value)) return;
    const ocid = stringMember(value, 'ocid');
    if (ocid === undefined) return;
    if (isCancelledContractingProcess(value) || !matchesProcurementMethodDetails(value, NO_ALLOW_LIST, this.excludedDetails)) return;
    const context = this.context(sourceText);
    for (const indicator of this.indicators) indicator.fold(value, ocid, context);
  }

  /** Runs the cross-process indicators and returns everything found. Call once. */
  finish(): IndicatorResults {
    if (!this.finished) {
      this.finished = true;
      for (const indicator of this.indicators) indicator.finalize?.(this.results);
      this.results.closeGroups();
    }
    return this.results;
  }

  private context(sourceText: string | undefined): FoldContext {
    return {
      results: this.results,
      sourceText,
      warn: this.warn,
      mainCurrency: (observed) => (this.currency ??= this.settings.currency ?? observed),
    };
  }

  private refuse(number: number, message: string): void {
    if (this.options.strict) throw new IndicatorsError(IndicatorsErrorCode.INPUT_INVALID_JSON, message.replace(', skipping.', '.'));
    this.warn(message);
  }

  /** src/lib.rs `Indicators::run`: shared calculations first, then `add_indicators!` order. */
  private createIndicators(): Indicator[] {
    const s = this.settings;
    const indicators: Indicator[] = [];
    if (this.options.map && (s.R025 || s.R038 || s.R048)) indicators.push(new TenderersMap());
    const gaps = s.R024 || s.R058 ? new SecondLowestBidRatio(s) : undefined;
    if (gaps) indicators.push(gaps);
    const factories: Record<IndicatorCode, () => Indicator | undefined> = {
      [IndicatorCode.R003]: () => s.R003 && new ShortSubmissionPeriod(s.R003),
      [IndicatorCode.R018]: () => s.R018 && new SingleBidReceived(s.R018),
      [IndicatorCode.R024]: () => s.R024 && new PriceCloseToWinningBid(s.R024, gaps!),
      [IndicatorCode.R025]: () => s.R025 && new ExcessiveUnsuccessfulBids(s.R025),
      [IndicatorCode.R028]: () => s.R028 && new IdenticalBidPrices(s),
      [IndicatorCode.R030]: () => s.R030 && new LateBidWon(),
      [IndicatorCode.R035]: () => s.R035 && new AllExceptWinningBidDisqualified(s.R035),
      [IndicatorCode.R036]: () => s.R036 && new LowestBidDisqualified(s),
      [IndicatorCode.R038]: () => s.R038 && new ExcessiveDisqualifiedBids(s.R038),
      [IndicatorCode.R048]: () => s.R048 && new HeterogeneousSupplier(s.R048),
      [IndicatorCode.R058]: () => s.R058 && new HeavilyDiscountedBid(s.R058, gaps!),
    };
    for (const create of Object.values(factories)) {
      const indicator = create();
      if (indicator) indicators.push(indicator);
    }
    return indicators;
  }
}

/** The tenderers of each process, for "Maps" (src/indicators/util.rs `Tenderers`). */
class TenderersMap implements Indicator {
  fold(release: JsonObject, ocid: string, context: FoldContext): void {
    for (const bid of submittedBids(release)) {
      for (const id of organizationIds(arrayMember(bid, 'tenderers'))) context.results.addTenderer('ocid_tenderer', ocid, id);
    }
  }
}

/** Runs the engine over JSON Lines from a stream (`name` labels read errors). */
export async function calculateIndicators(
  input: Readable,
  settings: IndicatorSettings,
  options: IndicatorRunOptions = {},
  name = 'input',
): Promise<IndicatorResults> {
  const engine = new IndicatorEngine(settings, options);
  for await (const line of readJsonLines(input, name)) engine.addLine(line.text, line.number);
  return engine.finish();
}

/** Runs the engine over a JSON Lines file, streamed line by line. */
export async function calculateIndicatorsFromFile(
  path: string,
  settings: IndicatorSettings,
  options: IndicatorRunOptions = {},
): Promise<IndicatorResults> {
  const stream = createReadStream(path);
  try {
    return await calculateIndicators(stream, settings, options, path);
  } finally {
    stream.destroy();
  }
}
