/** The scenario suite (scenarios/suite.ts) on the Odoo emulator, Outlook being the Microsoft 365 emulator. */
import { emulatorErp } from './backends';
import { registerScenarios } from './suite';

describe('scenarios on the Odoo emulator', () => {
  registerScenarios('emulator', emulatorErp);
});
