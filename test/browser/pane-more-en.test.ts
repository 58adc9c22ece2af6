/**
 * Pane states 12-18: a sync that cannot start, mailbox conditions, pinning, a deleted event, compose, lost access; in English. Screenshots NN-state-en-pane.png / -page.png in test-artifacts/browser, axe-core
 * with no serious or critical violation (results in the log), 320 px without horizontal scroll. See pane-story.ts.
 */
import { describePaneStates } from './pane-story';

describePaneStates('en', 'more');
