import type { Release } from './ocds-release.service.js';
import { byDate } from './ocds-release.service.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasIds = (v: unknown[]): v is Json[] => v.length > 0 && v.every((x) => isObject(x) && 'id' in x);

/**
 * A copy of a JSON value (a release holds nothing else): arrays and objects anew, strings,
 * numbers and booleans as they are. `structuredClone`, which copies any value, made compiling
 * a process's releases 2.5 times as slow (PERFORMANCE.md "Seeding scale 100").
 */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (!isObject(value)) return value;
  const copy: Json = {};
  for (const key of Object.keys(value)) copy[key] = copyOf(value[key]);
  return copy;
}

/**
 * OCDS merging (standard 1.1, "Merging"): objects merge field by field; a null removes a
 * field; arrays of objects with `id`s merge item by item on the id (identifier merge);
 * any other array or value replaces the one before.
 */
export function mergeInto(target: Json, source: Json): Json {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const current = target[key];
    if (value === null) delete target[key];
    else if (isObject(value)) target[key] = mergeInto(isObject(current) ? current : {}, value);
    else if (Array.isArray(value) && hasIds(value) && Array.isArray(current)) {
      const merged = current.map((x) => (isObject(x) ? { ...x } : x)) as Json[];
      for (const item of value) {
        const at = merged.findIndex((x) => isObject(x) && x.id === item.id);
        if (at >= 0) merged[at] = mergeInto(merged[at], item);
        else merged.push(mergeInto({}, item));
      }
      target[key] = merged;
    }
    // An array is copied, so that merging into the compiled release never changes a release.
    else target[key] = copyOf(value);
  }
  return target;
}

/**
 * The compiled release of a process: its releases merged oldest first, without the fields
 * the schema marks omitWhenMerged (id, date, tag), then `tag: ["compiled"]`, the date of
 * the latest release and an id made of the ocid and that date (as ocdsmerge does).
 */
export function compileReleases(releases: readonly Release[]): Release {
  const sorted = [...releases].sort(byDate);
  const compiled: Json = {};
  for (const release of sorted) {
    const { id: _id, date: _date, tag: _tag, ...rest } = release;
    mergeInto(compiled, rest);
  }
  const last = sorted[sorted.length - 1];
  return {
    ...(compiled as Omit<Release, 'id' | 'date' | 'tag'>),
    ocid: last.ocid,
    id: `${last.ocid}-${last.date}`,
    date: last.date,
    tag: ['compiled'],
    initiationType: 'tender',
  };
}
