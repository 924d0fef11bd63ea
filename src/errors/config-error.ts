/** Start-up refused: each line names the variable to fix and how. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`configuration invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
