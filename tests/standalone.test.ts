import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The repository stands alone: a user clones it and nothing else, so no committed file may
 * reach outside it — not a folder beside the checkout, not a path of the machine it was
 * written on, not a relative path that climbs above the project root, not a document that
 * exists only elsewhere. Pure (reads files only), so it runs once, in the SQLite half.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Folders that are never committed (.gitignore) when git cannot list the tracked files. */
const UNTRACKED = new Set(['.git', 'node_modules', 'dist', 'data', 'coverage', 'test-output']);

/** The committed files, relative to the root with `/` separators. */
function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\0')
      .filter(Boolean);
  } catch {
    // Not a git checkout (an unpacked archive): every file but the ignored folders.
    const walk = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const path = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) return UNTRACKED.has(entry.name) ? [] : walk(path);
        return [path];
      });
    return walk('');
  }
}

/** Code whose string literals are paths the program or the tests may open. */
const CODE = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.yml', '.yaml', '.sh']);
const isCode = (file: string) => CODE.has(extname(file)) || file.startsWith('.ci/') || file.startsWith('.husky/');

/**
 * Places of one machine: the workspace and home folders such checkouts live in. The
 * character before must not be part of a word, a URL or an escaped regular expression.
 */
const MACHINE_PATH = /(?<![\w.\\/:~-])\/(?:work|home|Users|root)\/[\w.-]/;
const WINDOWS_PATH = /\b[A-Za-z]:\\(?:Users|work)\\/;
/** The reference folder that sits beside a checkout on the machines this was written on. */
const SIBLING_FOLDER = /(?:^|[^\w.])\.\.[\\/]shared\b|\bshared[\\/]data[\\/]/;
/**
 * A project document cited by an all-capitals name, README-style: it must be here. (Names
 * with digits, such as the reference calculator's indicator pages, are upstream documents.)
 */
const UPPERCASE_DOCUMENT = /(?<![\w/.-])([A-Z]{2,}(?:[_-][A-Z]+)*\.md)\b/g;

/** Relative literals that are not paths this project opens, each with the reason. */
const ALLOWED: { file: string; text: string; why: string }[] = [
  {
    file: 'tests/fuzz/hostile-values.ts',
    text: ['..', '..', '..', '..', 'etc', 'passwd'].join('/'),
    why: 'a hostile input the fuzzer sends to the server, never opened',
  },
];

export interface Reach {
  file: string;
  line: number;
  text: string;
  problem: string;
}

/** String literals of a code line (quotes of any kind), without interpolations. */
function literals(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)) out.push(m[2]);
  return out;
}

/** Markdown link targets of a line. */
function linkTargets(line: string): string[] {
  return [...line.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

const climbs = (path: string) => /(?:^|[\\/])\.\.(?:[\\/]|$)/.test(path);
const outside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
};
/** Whether a path names something in the checkout (a `.js` import names its `.ts` source). */
const present = (path: string) => existsSync(path) || (path.endsWith('.js') && existsSync(`${path.slice(0, -3)}.ts`));

/**
 * Everything in one file's text that reaches outside `root`. `file` is relative to the root;
 * `documents` are the basenames of the committed files.
 */
export function reachesOutside(root: string, file: string, text: string, documents: ReadonlySet<string>): Reach[] {
  const found: Reach[] = [];
  const here = dirname(join(root, file));
  const lines = text.split('\n');
  lines.forEach((content, index) => {
    const report = (problem: string) => found.push({ file, line: index + 1, text: content.trim().slice(0, 160), problem });
    if (SIBLING_FOLDER.test(content))
      report('refers to a folder beside the repository; copy what is needed into reference/ and point there');
    if (MACHINE_PATH.test(content) || WINDOWS_PATH.test(content)) report("names an absolute path of one machine's file system");
    for (const m of content.matchAll(UPPERCASE_DOCUMENT)) {
      if (!documents.has(m[1])) report(`cites ${m[1]}, which is not in the repository (docs/ holds the project's documents)`);
    }
    const candidates = isCode(file) ? literals(content) : file.endsWith('.md') ? linkTargets(content) : [];
    for (const candidate of candidates) {
      if (!climbs(candidate) || candidate.includes('${') || candidate.includes('$(') || /^[a-z]+:\/\//i.test(candidate)) continue;
      if (ALLOWED.some((a) => a.file === file && a.text === candidate)) continue;
      const fromFile = resolve(here, candidate);
      if (outside(root, fromFile)) {
        report(`"${candidate}" climbs above the project root from ${dirname(file) === '.' ? 'the root' : dirname(file)}/`);
      } else if (outside(root, resolve(root, candidate)) && !present(fromFile)) {
        // Not found beside this file, and above the root when taken from the project root.
        report(`"${candidate}" names nothing from this file's folder and climbs above the project root from the root`);
      }
    }
  });
  return found;
}

describe.skipIf(process.env.TEST_DIALECT === 'postgresql')('the repository stands alone', () => {
  it('finds what it is meant to find, and nothing in ordinary code', () => {
    const docs = new Set(['README.md', 'SOURCE.md']);
    const check = (file: string, line: string) => reachesOutside(ROOT, file, line, docs).map((r) => r.problem);
    const up = '..';
    // Reaching out: each of these must be reported.
    expect(check('src/modules/x/a.ts', `const DIR = '${up}/${'shared'}/data/ocds';`)).not.toEqual([]);
    expect(check('src/modules/x/a.ts', `const DIR = '${up}/${up}/${up}/${up}/elsewhere/fixtures';`)).not.toEqual([]);
    expect(check('src/modules/x/a.ts', `export const PATH = '${up}/elsewhere/data';`)).not.toEqual([]);
    expect(check('README.md', `see [the notes](${up}/notes.md)`)).not.toEqual([]);
    expect(check('tests/a.test.ts', `readFileSync('/${'work'}/main/x.json')`)).not.toEqual([]);
    expect(check('src/a.ts', `/** The rule (${'DOMAIN'}.md "Tender"). */`)).not.toEqual([]);
    expect(check('.ci/run', `cp -r ${up}/shared/data .`)).not.toEqual([]);
    // Staying in: none of these may be reported.
    expect(check('src/modules/x/a.ts', `import { knexOf } from '${up}/${up}/core/db/orm.js';`)).toEqual([]);
    expect(check('src/modules/indicators/a.test.ts', `const ROOT = resolve(here, '${up}/${up}/${up}');`)).toEqual([]);
    expect(check('tests/a.test.ts', `new URL('${up}/package.json', import.meta.url)`)).toEqual([]);
    expect(check('src/a.ts', '/** See README.md and SOURCE.md; https://example.org/home/x; /\\/work\\// */')).toEqual([]);
  });

  it('has no committed file that reaches outside the repository', () => {
    const files = trackedFiles();
    expect(files.length, 'the committed files could not be listed').toBeGreaterThan(50);
    const documents = new Set(files.map((f) => f.split('/').pop()!));
    const found: Reach[] = [];
    for (const file of files) {
      const path = join(ROOT, file);
      const link = readlinkTarget(path);
      if (link !== null) {
        if (outside(ROOT, resolve(dirname(path), link)))
          found.push({ file, line: 0, text: `symlink to ${link}`, problem: 'is a link to a place outside the repository' });
        continue;
      }
      if (!existsSync(path)) continue; // deleted in the working tree, not yet committed
      const bytes = readFileSync(path);
      if (bytes.subarray(0, 8000).includes(0)) continue; // binary (a spreadsheet)
      found.push(...reachesOutside(ROOT, file, bytes.toString('utf8'), documents));
    }
    const report = found.map((r) => `${r.file}:${r.line}: ${r.problem}\n    ${r.text}`).join('\n');
    expect(found.length, `files reaching outside the repository (a clone alone would not have what they name):\n${report}\n`).toBe(0);
  });
});

function readlinkTarget(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}
