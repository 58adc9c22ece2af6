/** Finds a mailbox by id or by UPN / e-mail (case-insensitive), for the admin trigger and the CLI. */
import { AppError } from '../errors';
import type { Mailbox, StoreRepositories } from '../store';

export async function findMailbox(store: Pick<StoreRepositories, 'mailboxes'>, idOrUpn: string): Promise<Mailbox> {
  const byId = await store.mailboxes.get(idOrUpn);
  if (byId) return byId;
  const wanted = idOrUpn.trim().toLowerCase();
  const all = await store.mailboxes.list();
  const found = all.filter((m) => m.upn.toLowerCase() === wanted || m.email.toLowerCase() === wanted);
  const [only] = found;
  if (only !== undefined && found.length === 1) return only;
  if (found.length > 1)
    throw new AppError('conflict', `${found.length} mailboxes answer to ${idOrUpn}; give the mailbox id instead.`);
  throw new AppError('not_found', `No mailbox with id, UPN or e-mail ${idOrUpn}.`);
}
