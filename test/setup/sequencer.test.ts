/** The test order's list of long files names files that exist (a renamed file would silently lose its place). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest loads the sequencer as CommonJS
const { LONG_FILES } = require('./sequencer') as { LONG_FILES: Map<string, number> };

test.each([...LONG_FILES.keys()])('%s exists', (file) => {
  expect(existsSync(join(__dirname, '..', '..', file))).toBe(true);
});
