import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package's own files, beside dist/ when installed and beside src/ in its repository. */
const PACKAGE_ROOT = join(__dirname, '..', '..');

/** The package.json scripts a project runs; `init` adds those missing. */
const PROJECT_SCRIPTS: Record<string, string> = {
  dev: 'flows-endpoint dev',
  start: 'flows-endpoint start',
  build: 'flows-endpoint build',
  test: 'flows-endpoint test',
  validate: 'flows-endpoint validate flows',
  types: 'flows-endpoint types',
  typecheck: 'flows-endpoint types --check && tsc --noEmit',
};

/** What npm init writes for "test": a placeholder, replaced. */
const NPM_INIT_TEST = /no test specified/;

/** package.json with the project's scripts and the package itself; the user's own entries stay. */
export function projectPackageJson(
  current: Record<string, unknown> | undefined,
  name: string,
): Record<string, unknown> {
  const own = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    engines?: Record<string, string>;
  };
  const base = current ?? { name, version: '0.1.0', private: true };
  const scripts = { ...((base.scripts as Record<string, string> | undefined) ?? {}) };
  for (const [script, command] of Object.entries(PROJECT_SCRIPTS)) {
    if (scripts[script] === undefined || NPM_INIT_TEST.test(scripts[script])) {
      scripts[script] = command;
    }
  }
  const dependencies = { ...((base.dependencies as Record<string, string> | undefined) ?? {}) };
  dependencies['flows-endpoint'] ??= `^${own.version}`;
  const devDependencies = {
    '@types/node': '^20.19.0',
    typescript: '~5.9.3',
    ...((base.devDependencies as Record<string, string> | undefined) ?? {}),
  };
  return { ...base, engines: own.engines, scripts, dependencies, devDependencies };
}

/** Everything else `init` writes, by path; a file already there is kept. */
export function projectFiles(): Record<string, string> {
  return {
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'Node16',
          moduleResolution: 'Node16',
          lib: ['ES2022'],
          types: ['node'],
          strict: true,
          noUncheckedIndexedAccess: true,
          resolveJsonModule: true,
          esModuleInterop: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ['flows', 'test'],
      },
      null,
      2,
    )}\n`,
    '.env.example': readFileSync(join(PACKAGE_ROOT, '.env.example'), 'utf8'),
    '.gitignore': ['node_modules/', '.flows-endpoint/', '.env', 'keys/*.pem', 'data/', ''].join(
      '\n',
    ),
    Dockerfile: [
      '# The Flows Endpoint image serves /app/flows; its entry compiles them at start.',
      '# (The image is built from the flows-endpoint package: docker build -t flows-endpoint .)',
      'FROM flows-endpoint',
      'COPY flows ./flows',
      '',
    ].join('\n'),
    '.dockerignore': ['node_modules', '.flows-endpoint', '.env', 'keys', 'data', ''].join('\n'),
    'flows/.gitkeep': '',
    'test/flows.test.ts': `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadFlowsFolder } from 'flows-endpoint/testing';

test('every flow in flows/ compiles, matches its flow.json and has its handlers', () => {
  assert.deepEqual(loadFlowsFolder('flows').problems, []);
});
`,
  };
}
