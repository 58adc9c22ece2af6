/**
 * The scenario suite (scenarios/suite.ts) on real Odoo 19 over JSON-RPC, Outlook being the Microsoft 365 emulator.
 * One file per protocol (real-odoo-json2, real-odoo-jsonrpc), so CI runs the two side by side.
 */
import { describeRealOdoo } from '../../support/real-odoo';
import { realOdooErp } from './backends';
import { registerScenarios } from './suite';

describeRealOdoo(
  'scenarios on real Odoo',
  ({ protocol, db }) => {
    registerScenarios('real', () => realOdooErp(db(), protocol));
  },
  ['jsonrpc'],
);
