import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync, type BuildFailure, type Message } from 'esbuild';
import { shownPath } from './project-paths';

export type CompiledFlow =
  { ok: true; file: string; code: string } | { ok: false; problems: string[] };

/** `file:line:col: error: text`, the place counted from 1 as editors do. */
function problemLine(message: Message): string {
  const where = message.location;
  if (!where) return `error: ${message.text}`;
  return `${shownPath(where.file)}:${where.line}:${where.column + 1}: error: ${message.text}`;
}

// ENOENT too: on some read-only roots (podman's overlay) mkdir reports the folder as missing.
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOENT']);

/** Written whole, then renamed: a second process reading the same file never sees half of it. */
function writeCache(file: string, code: string): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  } catch (err) {
    // A read-only root (a hardened container) still serves: the flow loads from memory.
    if (!READ_ONLY.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
}

const OPTIONS = {
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  logLevel: 'silent',
} as const;

/** A flow to compile: its name (the output's) and its index.ts. */
export interface FlowEntry {
  name: string;
  entry: string;
}

/**
 * Compiles each flow's index.ts, with what it imports from its own folder and its flow.json, into
 * one CommonJS module (kept in `cacheDir` for a look, loaded from memory). Packages stay imports,
 * for the loader to resolve. TypeScript is stripped, not type-checked: the project's `typecheck`
 * script (`tsc`) does that. One esbuild run for all; when it fails, one per flow, so that each
 * flow's problems are its own.
 */
export function compileFlows(
  flows: readonly FlowEntry[],
  cacheDir: string,
): Map<string, CompiledFlow> {
  const compiled = new Map<string, CompiledFlow>();
  if (flows.length === 0) return compiled;
  try {
    const result = buildSync({
      ...OPTIONS,
      entryPoints: flows.map(({ name, entry }) => ({ in: entry, out: name })),
      outdir: cacheDir,
    });
    for (const { name } of flows) {
      const file = join(cacheDir, `${name}.js`);
      const code = result.outputFiles.find((output) => output.path === file)?.text ?? '';
      writeCache(file, code);
      compiled.set(name, { ok: true, file, code });
    }
  } catch (err) {
    if (!Array.isArray((err as Partial<BuildFailure>).errors)) throw err;
    for (const { name, entry } of flows) compiled.set(name, compileFlow(entry, name, cacheDir));
  }
  return compiled;
}

function compileFlow(entry: string, name: string, cacheDir: string): CompiledFlow {
  const file = join(cacheDir, `${name}.js`);
  let code: string;
  try {
    code =
      buildSync({ ...OPTIONS, entryPoints: [entry], outfile: file }).outputFiles[0]?.text ?? '';
  } catch (err) {
    const failure = err as Partial<BuildFailure>;
    if (!Array.isArray(failure.errors)) throw err;
    return { ok: false, problems: failure.errors.map(problemLine) };
  }
  writeCache(file, code);
  return { ok: true, file, code };
}
