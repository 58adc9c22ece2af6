/**
 * A mailbox's master category list (`/outlook/masterCategories`): the names `categories` on events refer to.
 * New mailboxes start with Outlook's six colour categories.
 */
import { Router } from 'express';
import { contextUrl, mailboxOf } from './context';
import { addCategory } from './categories';
import { badRequest, itemNotFound } from './errors';
import { isObject } from './json';

export function categoryRoutes(): Router {
  const router = Router();
  router.get('/outlook/masterCategories', (req, res) => {
    const { mailbox } = mailboxOf(res);
    res.json({
      '@odata.context': contextUrl(req, mailbox.userId, 'outlook/masterCategories'),
      value: mailbox.masterCategories,
    });
  });
  router.post('/outlook/masterCategories', (req, res) => {
    const { mailbox } = mailboxOf(res);
    const body: unknown = req.body;
    if (!isObject(body) || typeof body.displayName !== 'string') throw badRequest('A category needs a displayName.');
    const color = typeof body.color === 'string' ? body.color : 'none';
    const category = addCategory(mailbox.masterCategories, body.displayName, color);
    res
      .status(201)
      .json({ '@odata.context': contextUrl(req, mailbox.userId, 'outlook/masterCategories/$entity'), ...category });
  });
  router.delete('/outlook/masterCategories/:id', (req, res) => {
    const { mailbox } = mailboxOf(res);
    const index = mailbox.masterCategories.findIndex((c) => c.id === req.params.id);
    if (index < 0) throw itemNotFound();
    mailbox.masterCategories.splice(index, 1);
    res.status(204).end();
  });
  return router;
}
