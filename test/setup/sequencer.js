/**
 * The order jest starts test files in: the known long files first, longest first, then jest's own order (by the
 * durations in its cache, else by file size). CI runs on a fresh clone with no cache, where file size put the
 * longest file (the real-Odoo scenarios, a small file that registers many scenarios) among the last, so one worker
 * ran it alone for minutes at the end. Durations: the fresh-clone CI run's "slowest test files" (seconds, idle
 * machine); only the order matters.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { relative } = require('node:path');

const LONG_FILES = new Map([
  ['test/engine/model/sequences.test.ts', 370],
  ['test/engine/scenarios/real-odoo-json2.test.ts', 290],
  ['test/engine/scenarios/real-odoo-jsonrpc.test.ts', 290],
  ['test/engine/scenarios/emulator.test.ts', 210],
  ['test/triggers/workers-postgres.test.ts', 100],
  ['test/browser/pane-journey-es.test.ts', 90],
  ['test/browser/pane-journey-en.test.ts', 80],
  ['test/browser/console.test.ts', 75],
  ['test/browser/pane-more-es.test.ts', 70],
  ['test/browser/pane-more-en.test.ts', 70],
]);

class LongFilesFirst extends Sequencer {
  sort(tests) {
    const known = (test) => LONG_FILES.get(relative(test.context.config.rootDir, test.path));
    const long = tests.filter((test) => known(test) !== undefined).sort((a, b) => known(b) - known(a));
    return [...long, ...super.sort(tests.filter((test) => known(test) === undefined))];
  }
}

LongFilesFirst.LONG_FILES = LONG_FILES;
module.exports = LongFilesFirst;
