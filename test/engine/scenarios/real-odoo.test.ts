/**
 * The scenario suite (scenarios/suite.ts) on real Odoo 19, the product's adapter over JSON-2 and over JSON-RPC
 * (a fresh database each), Outlook being the Microsoft 365 emulator.
 */
import { describeRealOdoo } from '../../support/real-odoo';
import { realOdooErp } from './backends';
import { registerScenarios } from './suite';

describeRealOdoo('scenarios on real Odoo', ({ protocol, db }) => {
  registerScenarios('real', () => realOdooErp(db(), protocol));
});
