/**
 * The live directory: tenant, user and app look-ups over the current World, plus per-person switches the control
 * API flips (consent withdrawn, MFA required). Implements the contract's Directory for the calendar half.
 */
import type { Directory, DirectoryUser } from '../contracts';
import type { AppRegistration, Tenant, World } from './types';

export interface UserSwitches {
  /** Client ids this person has NOT consented to (the tenant-wide consent is overridden for them). */
  consentWithdrawn: string[];
  mfaRequired: boolean;
}

export class WorldDirectory implements Directory {
  private switches = new Map<string, UserSwitches>();

  constructor(private world: World) {}

  get snapshotWorld(): World {
    return this.world;
  }

  replace(world: World): void {
    this.world = world;
    this.switches.clear();
  }

  findUser(idOrUpn: string): DirectoryUser | undefined {
    const lower = idOrUpn.toLowerCase();
    return this.world.users.find((u) => u.id === idOrUpn || u.userPrincipalName.toLowerCase() === lower);
  }

  listUsers(tenantId?: string): DirectoryUser[] {
    return this.world.users.filter((u) => tenantId === undefined || u.tenantId === tenantId);
  }

  /** A tenant by GUID or verified domain (case-insensitive). */
  findTenant(idOrDomain: string): Tenant | undefined {
    const lower = idOrDomain.toLowerCase();
    return this.world.tenants.find((t) => t.id === lower || t.domains.some((d) => d.toLowerCase() === lower));
  }

  listTenants(): Tenant[] {
    return this.world.tenants;
  }

  findApp(clientId: string): AppRegistration | undefined {
    return this.world.apps.find((a) => a.clientId === clientId);
  }

  listApps(): AppRegistration[] {
    return this.world.apps;
  }

  addTenant(tenant: Tenant): void {
    this.world.tenants = [...this.world.tenants.filter((t) => t.id !== tenant.id), tenant];
  }

  addUser(user: DirectoryUser): void {
    this.world.users = [...this.world.users.filter((u) => u.id !== user.id), user];
  }

  addApp(app: AppRegistration): void {
    this.world.apps = [...this.world.apps.filter((a) => a.clientId !== app.clientId), app];
  }

  switchesFor(userId: string): UserSwitches {
    return this.switches.get(userId) ?? { consentWithdrawn: [], mfaRequired: false };
  }

  /** Assigns the person exactly these app roles of the app (an empty list removes every assignment). */
  setAppRoles(userId: string, clientId: string, roles: string[]): void {
    const app = this.findApp(clientId);
    if (!app) return;
    const assignments = { ...app.appRoleAssignments };
    if (roles.length === 0) delete assignments[userId];
    else assignments[userId] = [...roles];
    app.appRoleAssignments = assignments;
  }

  setConsent(userId: string, clientId: string, granted: boolean): void {
    const current = this.switchesFor(userId);
    const withdrawn = current.consentWithdrawn.filter((id) => id !== clientId);
    this.switches.set(userId, { ...current, consentWithdrawn: granted ? withdrawn : [...withdrawn, clientId] });
  }

  setMfaRequired(userId: string, required: boolean): void {
    this.switches.set(userId, { ...this.switchesFor(userId), mfaRequired: required });
  }

  exportSwitches(): Record<string, UserSwitches> {
    return Object.fromEntries(this.switches);
  }

  importSwitches(saved: Record<string, UserSwitches>): void {
    this.switches = new Map(Object.entries(saved));
  }
}
