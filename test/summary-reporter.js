/**
 * Prints what CI reads at the end of the run: the store suite's result per database engine (the same suite runs on
 * SQLite and PostgreSQL), then the plain closing line "N passed, N failed, N skipped".
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const engines = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        const engine = /^store \((\w+)\)/.exec(test.ancestorTitles[0] ?? '')?.[1];
        if (!engine) continue;
        const tally = engines.get(engine) ?? { passed: 0, failed: 0 };
        if (test.status === 'passed') tally.passed += 1;
        if (test.status === 'failed') tally.failed += 1;
        engines.set(engine, tally);
      }
    }
    for (const [engine, tally] of engines) {
      process.stdout.write(`\nstore suite on ${engine}: ${tally.passed} passed, ${tally.failed} failed`);
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
