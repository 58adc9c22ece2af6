/** Master categories: Outlook's six default colour categories and the add rule (unique names, preset colours). */
import { randomUUID } from 'node:crypto';
import { badRequest, GraphError } from './errors';
import type { MasterCategory } from './model';

const COLORS = ['none', ...Array.from({ length: 25 }, (_, i) => `preset${i}`)];

/** What a new mailbox starts with. */
export function defaultCategories(): MasterCategory[] {
  const defaults: [string, string][] = [
    ['Red category', 'preset0'],
    ['Orange category', 'preset1'],
    ['Yellow category', 'preset3'],
    ['Green category', 'preset4'],
    ['Blue category', 'preset7'],
    ['Purple category', 'preset8'],
  ];
  return defaults.map(([displayName, color]) => ({ id: randomUUID(), displayName, color }));
}

/** Adds a category; names are unique case-insensitively, as Outlook's are. */
export function addCategory(categories: MasterCategory[], displayName: string, color = 'none'): MasterCategory {
  if (!displayName.trim()) throw badRequest('A category needs a displayName.');
  if (!COLORS.includes(color)) throw badRequest(`Invalid category color '${color}'.`);
  if (categories.some((c) => c.displayName.toLowerCase() === displayName.toLowerCase())) {
    throw new GraphError(409, 'ErrorItemExists', `A category named '${displayName}' already exists.`);
  }
  const category = { id: randomUUID(), displayName, color };
  categories.push(category);
  return category;
}
