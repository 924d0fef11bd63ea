#!/usr/bin/env node
import { createProgram } from './create-program';
import { runCli } from './run-cli';

/** `flows-endpoint <command> …`, `npm run flows -- …`, `npm run keys -- …`. */
export function runMain(argv: readonly string[]): Promise<number> {
  return runCli(createProgram(), argv);
}

if (require.main === module) {
  void runMain(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
