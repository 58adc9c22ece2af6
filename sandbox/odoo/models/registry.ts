/** Every model the emulator knows, by name. */
import { baseModels } from './base';
import { calendarModels } from './calendar';
import type { ModelDef } from './types';

export function buildModels(): Map<string, ModelDef> {
  return new Map([...baseModels(), ...calendarModels()].map((def) => [def.name, def]));
}
