/** Tenants: upsert by Entra tenant id, get, list. Knows nothing about the ERP settings behind `erpSettingsRef`. */
import type { Selectable } from 'kysely';
import { fromJsonText } from './columns';
import { storedPolicy } from './stored-json';
import type { RepositoryContext } from './repository-context';
import type { TenantsTable } from './schema';
import type { AuthMode, Tenant, TenantInput } from './types';

function toTenant(row: Selectable<TenantsTable>): Tenant {
  return {
    id: row.id,
    name: row.name,
    // Cast: the column is written only here, from an AuthMode.
    authMode: row.auth_mode as AuthMode,
    policy: fromJsonText(row.policy_json, storedPolicy, 'tenant policy') ?? {},
    erpSettingsRef: row.erp_settings_ref,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface TenantsRepository {
  /** Creates the tenant or updates its fields; `policy` and `erpSettingsRef` keep their value when omitted. */
  upsert(input: TenantInput): Promise<Tenant>;
  get(id: string): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
}

export function tenantsRepository({ db, now }: RepositoryContext): TenantsRepository {
  return {
    async upsert(input) {
      const at = now();
      const policyJson = input.policy === undefined ? undefined : JSON.stringify(input.policy);
      const row = await db
        .insertInto('tenants')
        .values({
          id: input.id,
          name: input.name,
          auth_mode: input.authMode,
          policy_json: policyJson ?? '{}',
          erp_settings_ref: input.erpSettingsRef ?? null,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            name: input.name,
            auth_mode: input.authMode,
            updated_at: at,
            ...(policyJson === undefined ? {} : { policy_json: policyJson }),
            ...(input.erpSettingsRef === undefined ? {} : { erp_settings_ref: input.erpSettingsRef }),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTenant(row);
    },

    async get(id) {
      const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toTenant(row);
    },

    async list() {
      const rows = await db.selectFrom('tenants').selectAll().orderBy('name').orderBy('id').execute();
      return rows.map(toTenant);
    },
  };
}
