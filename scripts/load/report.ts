/** The checks of a run: each printed as it is made, the failed ones kept for the exit code. */
export interface Report {
  check(ok: boolean, line: string): void;
  /** A figure, printed indented under its scenario. */
  figure(line: string): void;
  heading(line: string): void;
  failures: string[];
}

export function createReport(): Report {
  const failures: string[] = [];
  return {
    failures,
    check(ok, line) {
      console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${line}`);
      if (!ok) failures.push(line);
    },
    figure(line) {
      console.log(`       ${line}`);
    },
    heading(line) {
      console.log(`\n${line}`);
    },
  };
}
