/**
 * The business models around the calendar: partners, users, external ids, CRM leads, sale orders, event tags
 * and alarms. Only the fields the connector and the demo world use; none of their business logic.
 */
import type { Env } from '../env';
import { userError } from '../errors';
import { defineModel, field, type ModelDef } from './types';

export function baseModels(): ModelDef[] {
  return [
    defineModel(
      'res.partner',
      'Contact',
      [
        field('name', 'char', 'Name', { required: true }),
        field('email', 'char', 'Email'),
        field('phone', 'char', 'Phone'),
        field('street', 'char', 'Street'),
        field('zip', 'char', 'Zip'),
        field('city', 'char', 'City'),
        field('country_id', 'many2one', 'Country', { relation: 'res.country' }),
        field('comment', 'html', 'Notes'),
        field('is_company', 'boolean', 'Is a Company', { default: false }),
        field('parent_id', 'many2one', 'Related Company', { relation: 'res.partner' }),
        field('customer_rank', 'integer', 'Customer Rank', { default: 0 }),
        field('active', 'boolean', 'Active', { default: true }),
        field('tz', 'char', 'Timezone'),
        field('company_id', 'many2one', 'Company', { relation: 'res.company' }),
      ],
      { order: 'name' },
    ),
    defineModel('res.company', 'Companies', [field('name', 'char', 'Company Name', { required: true })], {
      order: 'name',
      hooks: {
        // Odoo adds a new company to its maker's companies, so they may switch to it (res.company.create).
        afterCreate: (env, row) => {
          const user = env.db.row('res.users', env.uid);
          if (user) user.company_ids = [...((user.company_ids as number[] | undefined) ?? []), row.id];
        },
      },
    }),
    defineModel(
      'res.users',
      'User',
      [
        field('name', 'char', 'Name', { required: true }),
        field('login', 'char', 'Login', { required: true }),
        field('partner_id', 'many2one', 'Related Partner', { relation: 'res.partner', required: true }),
        field('email', 'char', 'Email', { stored: false }),
        field('tz', 'char', 'Timezone'),
        field('share', 'boolean', 'Share User', { default: false }),
        field('active', 'boolean', 'Active', { default: true }),
        // Odoo gives a new user the main company (id 1, made first by the seed) unless told otherwise.
        field('company_id', 'many2one', 'Company', { relation: 'res.company', default: 1 }),
        field('company_ids', 'many2many', 'Companies', { relation: 'res.company', default: () => [1] }),
      ],
      {
        order: 'name',
        hooks: {
          compute: (env: Env, row, name) => (name === 'email' ? partnerEmail(env, row.partner_id) : undefined),
          beforeUnlink: (_env, rows) => {
            if (rows.some((r) => r.id === 1 || r.id === 2)) {
              throw userError(
                'You can not remove the admin user as it is used internally for resources created by Odoo (updates, module installation, ...)',
              );
            }
          },
        },
      },
    ),
    defineModel(
      'res.country',
      'Country',
      [field('name', 'char', 'Country Name', { required: true }), field('code', 'char', 'Country Code')],
      {
        order: 'name',
      },
    ),
    // Odoo lists every installed model here; seed.ts fills it with the emulated ones.
    defineModel(
      'ir.model',
      'Models',
      [
        field('model', 'char', 'Model', { required: true }),
        field('name', 'char', 'Model Description', { required: true }),
      ],
      { order: 'model' },
    ),
    defineModel(
      'ir.model.data',
      'Model Data',
      [
        field('name', 'char', 'External Identifier', { required: true }),
        field('module', 'char', 'Module', { required: true }),
        field('model', 'char', 'Model Name', { required: true }),
        field('res_id', 'many2one_reference', 'Record ID'),
        field('noupdate', 'boolean', 'Non Updatable', { default: false }),
        field('complete_name', 'char', 'Complete ID', { stored: false }),
      ],
      {
        order: 'module, name',
        hooks: {
          compute: (_env, row, name) =>
            name === 'complete_name' || name === 'display_name'
              ? `${String(row.module)}.${String(row.name)}`
              : undefined,
        },
      },
    ),
    defineModel(
      'crm.lead',
      'Lead/Opportunity',
      [
        field('name', 'char', 'Opportunity', { required: true }),
        field('partner_id', 'many2one', 'Customer', { relation: 'res.partner' }),
        field('email_from', 'char', 'Email'),
        field('contact_name', 'char', 'Contact Name'),
        field('partner_name', 'char', 'Company Name'),
        field('type', 'selection', 'Type', {
          selection: [
            ['lead', 'Lead'],
            ['opportunity', 'Opportunity'],
          ],
          default: 'opportunity',
        }),
        field('stage_name', 'char', 'Stage'),
        field('expected_revenue', 'monetary', 'Expected Revenue'),
        field('user_id', 'many2one', 'Salesperson', { relation: 'res.users' }),
        field('company_id', 'many2one', 'Company', { relation: 'res.company' }),
        field('active', 'boolean', 'Active', { default: true }),
      ],
      { order: 'id desc' },
    ),
    defineModel(
      'sale.order',
      'Sales Order',
      [
        field('name', 'char', 'Order Reference', { required: true }),
        field('partner_id', 'many2one', 'Customer', { relation: 'res.partner', required: true }),
        field('state', 'selection', 'Status', {
          selection: [
            ['draft', 'Quotation'],
            ['sent', 'Quotation Sent'],
            ['sale', 'Sales Order'],
            ['cancel', 'Cancelled'],
          ],
          default: 'draft',
        }),
        field('amount_total', 'monetary', 'Total'),
        field('date_order', 'datetime', 'Order Date'),
        field('user_id', 'many2one', 'Salesperson', { relation: 'res.users' }),
        field('company_id', 'many2one', 'Company', { relation: 'res.company' }),
      ],
      { order: 'date_order desc, id desc' },
    ),
    defineModel(
      'calendar.event.type',
      'Event Meeting Type',
      [field('name', 'char', 'Name', { required: true }), field('color', 'integer', 'Color')],
      { order: 'name' },
    ),
    defineModel(
      'calendar.alarm',
      'Event Alarm',
      [
        field('name', 'char', 'Name', { required: true }),
        field('alarm_type', 'selection', 'Type', {
          selection: [
            ['notification', 'Notification'],
            ['email', 'Email'],
            ['sms', 'SMS'],
          ],
          default: 'email',
          required: true,
        }),
        field('duration', 'integer', 'Remind Before', { default: 1, required: true }),
        field('interval', 'selection', 'Unit', {
          selection: [
            ['minutes', 'Minutes'],
            ['hours', 'Hours'],
            ['days', 'Days'],
          ],
          default: 'hours',
          required: true,
        }),
        field('duration_minutes', 'integer', 'Duration in minutes', { stored: false }),
        field('active', 'boolean', 'Active', { default: true }),
      ],
      {
        order: 'interval, duration',
        hooks: {
          compute: (_env, row, name) => {
            if (name !== 'duration_minutes') return undefined;
            const unit = row.interval === 'days' ? 1440 : row.interval === 'hours' ? 60 : 1;
            return Number(row.duration ?? 0) * unit;
          },
        },
      },
    ),
  ];
}

function partnerEmail(env: Env, partnerId: unknown): unknown {
  if (typeof partnerId !== 'number') return false;
  return env.db.row('res.partner', partnerId)?.email ?? false;
}
