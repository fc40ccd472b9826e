import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * scripts/build.mjs, which every command-line script runs first, on a project of two files
 * (the real one takes 20–30 s to compile from scratch): it compiles when a source changed,
 * does nothing when none did, and leaves no output behind for a source that was renamed or
 * deleted. Nothing here depends on the database, so it runs once (SQLite half).
 */
describe.runIf(process.env.TEST_DIALECT !== 'postgresql')('build only when sources changed (scripts/build.mjs)', () => {
  const repo = resolve(import.meta.dirname, '..');
  let dir: string;
  const build = () => execFileSync(process.execPath, [join(dir, 'scripts/build.mjs')], { cwd: dir, encoding: 'utf8' });
  const stampTime = () => statSync(join(dir, 'dist/.build-stamp')).mtimeMs;
  const run = (file: string) => execFileSync(process.execPath, [join(dir, file)], { encoding: 'utf8' }).trim();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-once-'));
    mkdirSync(join(dir, 'scripts'));
    cpSync(join(repo, 'scripts/build.mjs'), join(dir, 'scripts/build.mjs'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(repo, 'node_modules/typescript'), join(dir, 'node_modules/typescript'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, 'package-lock.json'), '{}\n');
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'dist',
          rootDir: '.',
          types: [],
        },
      }),
    );
    writeFileSync(
      join(dir, 'tsconfig.build.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: { incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo' },
        include: ['src'],
        exclude: ['**/*.test.ts'],
      }),
    );
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/a.ts'), "console.log('a1');\n");
    writeFileSync(join(dir, 'src/a.test.ts'), "console.log('a test');\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles on the first run, and not again while nothing changed', () => {
    build();
    expect(run('dist/src/a.js')).toBe('a1');
    expect(existsSync(join(dir, 'dist/src/a.test.js'))).toBe(false);
    const first = stampTime();
    build();
    expect(stampTime()).toBe(first);
    // A test file is not an input of the build.
    writeFileSync(join(dir, 'src/a.test.ts'), "console.log('a test, changed');\n");
    build();
    expect(stampTime()).toBe(first);
  });

  it('recompiles when a source changes', () => {
    writeFileSync(join(dir, 'src/a.ts'), "console.log('a2');\n");
    build();
    expect(run('dist/src/a.js')).toBe('a2');
  });

  it('leaves no compiled file behind for a renamed source', () => {
    renameSync(join(dir, 'src/a.ts'), join(dir, 'src/b.ts'));
    build();
    expect(run('dist/src/b.js')).toBe('a2');
    expect(existsSync(join(dir, 'dist/src/a.js'))).toBe(false);
  });

  it('recompiles after a failed build, and fails the command while the sources do not compile', () => {
    writeFileSync(join(dir, 'src/b.ts'), 'const n: number = "not a number";\nconsole.log(n);\n');
    expect(build).toThrow();
    expect(existsSync(join(dir, 'dist/.build-stamp'))).toBe(false);
    expect(build).toThrow();
    writeFileSync(join(dir, 'src/b.ts'), "console.log('b');\n");
    build();
    expect(run('dist/src/b.js')).toBe('b');
    expect(readFileSync(join(dir, 'dist/.build-stamp'), 'utf8')).toContain('src/b.ts');
  });
});
