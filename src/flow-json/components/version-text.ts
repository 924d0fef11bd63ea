/** 6 → "6.0", 6.2 → "6.2": how Meta writes versions. */
const versionText = (version: number): string => version.toFixed(1);

export const needsVersion = (what: string, since: number, version: number): string =>
  `${what} needs Flow JSON ${versionText(since)} or later (this flow is ${versionText(version)})`;
