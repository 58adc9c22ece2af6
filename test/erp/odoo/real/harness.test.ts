/** The real-Odoo harness itself: fresh databases, users acting with their own keys, the product adapter on both protocols. */
import { describeRealOdoo, OdooCallError } from '../../../support/real-odoo';

describeRealOdoo('real Odoo harness', ({ protocol, db, adapter, freshDatabase }) => {
  test('when the adapter checks the connection, then real Odoo 19.0 answers on the block protocol', async () => {
    await expect(adapter().checkConnection()).resolves.toEqual({ version: '19.0', protocol, warnings: [] });
  });

  test('when a user is made, then it acts with its own API key and has only the rights it was given', async () => {
    const user = await db().createUser({ login: `clara.${protocol}@contoso.example`, name: 'Clara' });
    const me = await db().call<{ uid: number }>('res.users', 'context_get', {}, user.apiKey);
    expect(me.uid).toBe(user.id);
    // A plain internal user may not read access rights: proof the key is the user's, not the administrator's.
    await expect(
      db().call('ir.model.access', 'search_read', { domain: [], fields: ['name'], limit: 1 }, user.apiKey),
    ).rejects.toBeInstanceOf(OdooCallError);
  });

  test('when a fresh database is asked for, then it holds none of the other database records', async () => {
    await db().call('res.partner', 'create', { vals_list: [{ name: `Only in the first ${protocol}` }] });
    const other = await freshDatabase('clean');
    const found = await other.call<number[]>('res.partner', 'search', {
      domain: [['name', '=', `Only in the first ${protocol}`]],
    });
    expect(found).toEqual([]);
    expect(other.db).not.toBe(db().db);
  });
});
