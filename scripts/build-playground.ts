import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const WEB = path.resolve(__dirname, '../src/playground/web');
export const PLAYGROUND_ASSETS = path.resolve(__dirname, '../dist/playground/assets');

/**
 * Bundles the playground's page (Preact, JSX) into one script and copies its style sheet: the
 * server serves both, and the page fetches nothing from the internet.
 */
export async function buildPlayground(outDir = PLAYGROUND_ASSETS): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(WEB, 'main.tsx')],
    outfile: path.join(outDir, 'playground.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  await copyFile(path.join(WEB, 'playground.css'), path.join(outDir, 'playground.css'));
}

if (require.main === module) {
  buildPlayground().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
