/**
 * Pane states 01-11: connect, sync, link, attendees, conflict, an error the admin fixes; in Spanish. Screenshots NN-state-es-pane.png / -page.png in test-artifacts/browser, axe-core
 * with no serious or critical violation (results in the log), 320 px without horizontal scroll. See pane-story.ts.
 */
import { describePaneStates } from './pane-story';

describePaneStates('es', 'journey');
