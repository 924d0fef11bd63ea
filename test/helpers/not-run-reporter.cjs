// Lists, after the run, each test that did not run because something it needs is missing, with
// why (the name itWhenAvailable gave it, in test/helpers/when-available.ts), so a skip is never
// silent. Under CI such a test fails instead.
const { relative } = require('node:path');

const NOT_RUN = /\(not run: (.*)\)$/;

class NotRunReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.notRun = [];
  }

  onTestResult(test, result) {
    for (const assertion of result.testResults) {
      const reason = NOT_RUN.exec(assertion.title);
      if (assertion.status === 'pending' && reason) {
        const file = relative(this.rootDir, result.testFilePath);
        this.notRun.push(
          `  ${file}: ${assertion.fullName.replace(NOT_RUN, '').trim()}\n    why: ${reason[1]}`,
        );
      }
    }
  }

  onRunComplete() {
    if (this.notRun.length === 0) return;
    process.stderr.write(
      `\nNot run (${this.notRun.length}): what each needs is missing on this machine; CI=true fails them instead.\n${this.notRun.join('\n')}\n`,
    );
  }
}

module.exports = NotRunReporter;
