/**
 * Prints what CI reads at the end of the run: the store suite's result per database engine (the same suite runs on
 * SQLite and PostgreSQL), the real-Odoo suites' result per protocol (blocks titled "real Odoo (json2)" or
 * "real Odoo (jsonrpc)", see test/support/real-odoo.ts) with the time their files took, the Odoo differential
 * suite's count, the ten slowest files and every test over 60 s (issue 16's figures; printed, never enforced: a
 * timed test would fail on a loaded machine), then the plain closing line "N passed, N failed, N skipped".
 */
const LONG_TEST_MS = 60000;

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const engines = new Map();
    const protocols = new Map();
    const differential = { passed: 0, failed: 0 };
    let realOdooMs = 0;
    for (const file of results.testResults) {
      let realOdooFile = false;
      for (const test of file.testResults) {
        const protocol = test.ancestorTitles.map((t) => /^real Odoo \((\w+)\)/.exec(t)?.[1]).find(Boolean);
        if (protocol) {
          realOdooFile = true;
          const tally = protocols.get(protocol) ?? { passed: 0, failed: 0, skipped: 0 };
          if (test.status === 'passed') tally.passed += 1;
          else if (test.status === 'failed') tally.failed += 1;
          else tally.skipped += 1;
          protocols.set(protocol, tally);
        }
        if (test.ancestorTitles.some((t) => t.startsWith('Odoo differential'))) {
          if (test.status === 'passed') differential.passed += 1;
          if (test.status === 'failed') differential.failed += 1;
        }
        const engine = /^store \((\w+)\)/.exec(test.ancestorTitles[0] ?? '')?.[1];
        if (!engine) continue;
        const tally = engines.get(engine) ?? { passed: 0, failed: 0 };
        if (test.status === 'passed') tally.passed += 1;
        if (test.status === 'failed') tally.failed += 1;
        engines.set(engine, tally);
      }
      if (realOdooFile && file.perfStats) realOdooMs += file.perfStats.end - file.perfStats.start;
    }
    for (const [engine, tally] of engines) {
      process.stdout.write(`\nstore suite on ${engine}: ${tally.passed} passed, ${tally.failed} failed`);
    }
    for (const [protocol, tally] of protocols) {
      process.stdout.write(
        `\nreal Odoo suites on ${protocol}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`,
      );
    }
    if (protocols.size) process.stdout.write(`\nreal Odoo suite files took ${Math.round(realOdooMs / 1000)} s`);
    if (differential.passed + differential.failed) {
      process.stdout.write(
        `\nOdoo differential suite (real Odoo vs emulator): ${differential.passed} passed, ${differential.failed} failed`,
      );
    }
    const files = results.testResults
      .filter((file) => file.perfStats)
      .map((file) => ({ path: file.testFilePath, ms: file.perfStats.end - file.perfStats.start }))
      .sort((a, b) => b.ms - a.ms);
    // Work against wall time says how well the workers were kept busy (the order: test/setup/sequencer.js).
    const workMs = files.reduce((sum, file) => sum + file.ms, 0);
    process.stdout.write(
      `\ntest files: ${Math.round(workMs / 1000)} s of work in ${Math.round((Date.now() - results.startTime) / 1000)} s`,
    );
    process.stdout.write('\nslowest test files:');
    for (const file of files.slice(0, 10)) {
      process.stdout.write(`\n  ${(file.ms / 1000).toFixed(1)} s ${relative(file.path)}`);
    }
    const long = results.testResults.flatMap((file) =>
      file.testResults
        .filter((test) => (test.duration ?? 0) > LONG_TEST_MS)
        .map((test) => ({ ms: test.duration, name: `${relative(file.testFilePath)}: ${test.fullName}` })),
    );
    process.stdout.write(`\ntests over ${LONG_TEST_MS / 1000} s: ${long.length}`);
    for (const test of long.sort((a, b) => b.ms - a.ms)) {
      process.stdout.write(`\n  ${(test.ms / 1000).toFixed(1)} s ${test.name}`);
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}

function relative(path) {
  return require('node:path').relative(process.cwd(), path);
}

module.exports = SummaryReporter;
