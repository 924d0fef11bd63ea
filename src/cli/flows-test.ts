import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { buildSync, type BuildFailure } from 'esbuild';
import { cacheDirOf, flowsDirOf } from '../project/project-paths';
import { action } from './run-cli';

/** Every `*.test.ts` under `dir`, skipping node_modules and dot folders. */
function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : testFiles(path);
    }
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * `flows-endpoint test [files…]`: the project's tests (test/ and flows/, `*.test.ts`) compiled
 * with esbuild and run by Node's own test runner: a project needs no test framework of its own.
 */
export function testCommand(): Command {
  return new Command('test')
    .description("run the project's *.test.ts files (test/ and flows/) with Node's test runner")
    .argument('[files...]', 'test files (default: every *.test.ts under test/ and flows/)')
    .addHelpText('after', '\nExample:\n  npx flows-endpoint test test/lead-signup.test.ts')
    .action(
      action(async (given: string[]) => {
        const root = resolve(flowsDirOf(), '..');
        const files =
          given.length > 0
            ? given.map((file) => resolve(file))
            : [...testFiles(join(root, 'test')), ...testFiles(flowsDirOf())];
        if (files.length === 0) {
          console.error('no *.test.ts files under test/ or flows/');
          return 1;
        }
        const outdir = join(cacheDirOf(flowsDirOf()), 'tests');
        try {
          buildSync({
            entryPoints: files,
            outdir,
            outbase: root,
            bundle: true,
            packages: 'external',
            platform: 'node',
            format: 'cjs',
            target: 'node20',
            sourcemap: 'inline',
            logLevel: 'silent',
          });
        } catch (err) {
          const failure = err as Partial<BuildFailure>;
          if (!Array.isArray(failure.errors)) throw err;
          for (const { text, location } of failure.errors) {
            const where = location
              ? `${location.file}:${location.line}:${location.column + 1}: `
              : '';
            console.error(`${where}error: ${text}`);
          }
          return 1;
        }
        const compiled = files.map((file) =>
          join(outdir, relative(root, file)).replace(/\.ts$/, '.js'),
        );
        const child = spawn(
          process.execPath,
          // One reporter for every Node version: 20 prints TAP when piped, 24 prints spec.
          ['--enable-source-maps', '--test', '--test-reporter=spec', ...compiled],
          {
            stdio: 'inherit',
          },
        );
        return new Promise<number>((done) => child.once('exit', (code) => done(code ?? 1)));
      }),
    );
}
