/**
 * The Graph v1.0 calendar half of the Microsoft 365 emulator: `createCalendarService(deps)` gives the Graph router
 * (mount at /v1.0 after the platform middleware), the control router (mount at /_control) and the change feed.
 */
import express, { Router } from 'express';
import type { CalendarDeps, CalendarService, MailRecord } from '../contracts';
import { ChangeBus } from './changes';
import type { CalendarContext } from './context';
import { resolveMailbox } from './context';
import { controlRoutes } from './control';
import { DeltaEngine } from './delta';
import { graphErrorHandler } from './errors';
import { Meetings } from './meetings';
import { DEFAULT_OPTIONS, type CalendarOptions, type Mailbox } from './model';
import { CalendarOps } from './ops';
import { Responses } from './responses';
import { categoryRoutes } from './routes-categories';
import { eventsRoutes } from './routes-events';
import { viewRoutes } from './routes-views';
import { CalendarStore } from './store';

interface CalendarSnapshot {
  mailboxes: Mailbox[];
  delta: ReturnType<DeltaEngine['snapshot']>;
  mail: MailRecord[];
  options: CalendarOptions;
}

export type { CalendarOptions } from './model';
export { customPropertiesId } from './extended-props';

export function createCalendarService(deps: CalendarDeps): CalendarService {
  const options: CalendarOptions = { ...DEFAULT_OPTIONS };
  const store = new CalendarStore(options);
  const bus = new ChangeBus();
  const delta = new DeltaEngine(store, () => options.deltaRepeatItem);
  bus.onRecord((record) => delta.noteChange(record.userId, record.key, record.folderGeneration));
  const meetings = new Meetings(store, deps.directory, deps.clock, bus);
  const ops = new CalendarOps(store, deps.clock, options, bus, meetings);
  const responses = new Responses(store, deps.directory, deps.clock, bus);
  const ctx: CalendarContext = { deps, store, ops, responses, bus, delta, options };

  const mailboxRoutes = Router();
  mailboxRoutes.use(eventsRoutes(ctx), viewRoutes(ctx), categoryRoutes());
  const router = Router();
  router.use(express.json({ limit: '4mb' }));
  router.use(['/me', '/users/:user'], resolveMailbox(ctx), mailboxRoutes);
  router.use(graphErrorHandler(deps.clock));

  const control = Router();
  control.use(controlRoutes(ctx));
  control.use(graphErrorHandler(deps.clock));

  return {
    router,
    control,
    onChange: (listener) => bus.onChange(listener),
    mailLog: () => structuredClone(bus.mail),
    expireDeltaTokens: () => delta.expire(),
    snapshot: (): CalendarSnapshot => ({
      mailboxes: store.snapshot(),
      delta: delta.snapshot(),
      mail: structuredClone(bus.mail),
      options: { ...options },
    }),
    restore: (snapshot: unknown) => {
      const s = snapshot as CalendarSnapshot;
      if (typeof s !== 'object' || s === null || !Array.isArray(s.mailboxes) || !Array.isArray(s.mail)) {
        throw new TypeError('Not a calendar snapshot: expected {mailboxes, delta, mail, options}.');
      }
      store.restore(s.mailboxes);
      delta.restore(s.delta);
      bus.mail = structuredClone(s.mail);
      Object.assign(options, s.options);
    },
    reset: () => {
      store.restore([]);
      delta.expire();
      bus.mail = [];
      Object.assign(options, DEFAULT_OPTIONS);
    },
  };
}
