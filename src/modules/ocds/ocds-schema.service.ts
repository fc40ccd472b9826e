import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormatsPlugin from 'ajv-formats';
import { projectRoot } from '../../core/files/project-root.js';

type Json = Record<string, unknown>;

/** Where the OCDS 1.1.5 schemas live, relative to the project root (reference/ocds-1.1.5/SOURCE.md). */
export const OCDS_SCHEMA_PATH = 'reference/ocds-1.1.5';

export class OcdsSchemaError extends Error {}

/** The schema folder: $OCDS_SCHEMA_DIR, or reference/ocds-1.1.5 in the project. */
export function ocdsSchemaDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.OCDS_SCHEMA_DIR ? resolve(env.OCDS_SCHEMA_DIR) : resolve(projectRoot(), OCDS_SCHEMA_PATH);
}

function readJson(dir: string, file: string): Json {
  const path = join(dir, file);
  if (!existsSync(path)) {
    throw new OcdsSchemaError(
      `OCDS schema ${file} not found in ${dir}: the OCDS 1.1.5 schemas are expected in ${OCDS_SCHEMA_PATH} of the project ` +
        '(release-schema.json, release-package-schema.json, record-package-schema.json, extensions/bids/release-schema.json); ' +
        'set OCDS_SCHEMA_DIR to use another folder',
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON Merge Patch (RFC 7386), the way OCDS tooling applies an extension's
 * release-schema.json to the core schema: objects merge recursively, null deletes, anything
 * else replaces.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Json = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Keywords OCDS schemas add for their own tooling; they validate nothing. */
const OCDS_KEYWORDS = [
  'codelist',
  'openCodelist',
  'omitWhenMerged',
  'versionId',
  'deprecated',
  'wholeListMerge',
  'mergeStrategy',
  'mergeOptions',
];

export interface OcdsValidator {
  /** Problems of a release package (`[]` when valid), as "<path> <message>". */
  releasePackage(pkg: unknown): string[];
  recordPackage(pkg: unknown): string[];
}

/**
 * Validates packages offline against the OCDS 1.1.5 schemas (JSON Schema draft-04) with
 * the bids extension patched into the release schema. The release schema is registered
 * under its published id, which the package schemas refer to; the versioned-release schema
 * a record may refer to is not shipped, so a record that has a versionedRelease fails
 * (ours never do).
 */
export function loadOcdsValidator(dir = ocdsSchemaDir()): OcdsValidator {
  if (!existsSync(dir))
    throw new OcdsSchemaError(
      `OCDS schema folder ${dir} does not exist: the OCDS 1.1.5 schemas are expected in ${OCDS_SCHEMA_PATH} of the project (or set OCDS_SCHEMA_DIR)`,
    );
  const core = readJson(dir, 'release-schema.json');
  const bids = readJson(dir, 'extensions/bids/release-schema.json');
  const release = mergePatch(core, bids) as Json;
  // CommonJS packages: Node hands ESM their module.exports, TypeScript (NodeNext) types it with `.default`.
  type AjvClass = typeof AjvDraft04.default;
  type FormatsPlugin = typeof addFormatsPlugin.default;
  const Ajv: AjvClass = (AjvDraft04 as unknown as { default?: AjvClass }).default ?? (AjvDraft04 as unknown as AjvClass);
  const addFormats: FormatsPlugin =
    (addFormatsPlugin as unknown as { default?: FormatsPlugin }).default ?? (addFormatsPlugin as unknown as FormatsPlugin);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const keyword of OCDS_KEYWORDS) ajv.addKeyword(keyword);
  ajv.addSchema(release);
  ajv.addSchema({ id: 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json', not: {} });
  const compile = (file: string) => {
    const validate = ajv.compile(readJson(dir, file));
    return (pkg: unknown) =>
      validate(pkg)
        ? []
        : (validate.errors ?? []).map((e) =>
            `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params).slice(0, 200)}`.trim(),
          );
  };
  return { releasePackage: compile('release-package-schema.json'), recordPackage: compile('record-package-schema.json') };
}
