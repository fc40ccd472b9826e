import type { IndicatorResults } from './indicator-results.service.js';
import type { JsonObject } from './release.service.js';

/**
 * What every indicator sees while the releases stream by. The reference folds each release
 * into shared state, reduces, then finalizes (ocdscardinal src/indicators/mod.rs, trait
 * `Calculate`); here the pass is sequential, so there is no reduce step.
 */
export interface FoldContext {
  readonly results: IndicatorResults;
  /**
   * The main currency, fixed by the first currency any price-reading indicator observes
   * unless the settings name one (docs/cli/indicators/index.md "Indicators": "Otherwise, the
   * main currency is set to the first observed currency"). One value is shared by all
   * indicators, as in the reference (`Indicators::currency`).
   */
  mainCurrency(observed: string): string;
  /** The release's source line, when it came from text (see json-literal.service.ts). */
  readonly sourceText: string | undefined;
  warn(message: string): void;
}

/** One indicator (or a shared calculation that indicators depend on). */
export interface Indicator {
  /** Looks at one release that passed the global exclusions, whose `/ocid` is `ocid`. */
  fold(release: JsonObject, ocid: string, context: FoldContext): void;
  /** Runs after the last release, for indicators that compare across processes. */
  finalize?(results: IndicatorResults): void;
}
