// The event's attendees with their ERP contact (matched by e-mail), like Dynamics' recipients with their CRM
// records: open a contact in the ERP, or add a missing attendee as a contact or a lead (and link the event to it).
import { Button, Card, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { ContactMatchesResponse, ErpContactView, LinkableRecord } from '../../../contract/addin-api';
import type { Attendee } from '../../office/attendees';
import type { PaneDeps } from '../deps';
import { describeError } from '../errors';
import { useI18n } from '../i18n';

const useStyles = makeStyles({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  row: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  wrap: { wordBreak: 'break-word' },
});

export interface AttendeesCardProps {
  deps: PaneDeps;
  erpName: string;
  /** Changes when the item changes (attendees added in compose): the list is read again. */
  itemKey: string;
  onLink(record: LinkableRecord): void;
}

type Contacts = Map<string, ErpContactView | null>;

function newKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function AttendeesCard({ deps, erpName, itemKey, onLink }: AttendeesCardProps) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [attendees, setAttendees] = useState<Attendee[] | null>(null);
  const [contacts, setContacts] = useState<Contacts>(new Map());
  const [leads, setLeads] = useState<Map<string, LinkableRecord>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [focusEmail, setFocusEmail] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const list = await deps.item.readAttendees();
      if (cancelled) return;
      setAttendees(list);
      if (list.length === 0) return;
      const { matches }: ContactMatchesResponse = await deps.api.lookupContacts({ emails: list.map((a) => a.email) });
      if (!cancelled) setContacts(new Map(matches.map((m) => [m.email, m.contact])));
    })().catch((e: unknown) => !cancelled && setError(describeError(e, i18n)));
    return () => {
      cancelled = true;
    };
  }, [deps, itemKey, i18n]);

  const act = useCallback(
    async (email: string, work: () => Promise<void>) => {
      if (busy) return;
      setBusy(email);
      setError(null);
      try {
        await work();
        setFocusEmail(email);
      } catch (e) {
        setError(describeError(e, i18n));
      } finally {
        setBusy(null);
      }
    },
    [busy, i18n],
  );

  if (attendees === null) return error ? <Text size={200}>{t('attendees.unavailable', { reason: error })}</Text> : null;
  const focusIf = (email: string) => (el: HTMLElement | null) => {
    if (el && focusEmail === email) {
      el.focus();
      setFocusEmail(null);
    }
  };
  return (
    <Card aria-label={t('attendees.title', { erp: erpName })}>
      <Text weight="semibold">{t('attendees.title', { erp: erpName })}</Text>
      {error && (
        <Text size={200} role="alert">
          {t('attendees.unavailable', { reason: error })}
        </Text>
      )}
      {attendees.length === 0 ? (
        <Text size={200}>{t('attendees.none')}</Text>
      ) : (
        <ul className={styles.list}>
          {attendees.map((a) => {
            const contact = contacts.get(a.email);
            const lead = leads.get(a.email);
            return (
              <li key={a.email} className={styles.row}>
                <Text size={200} className={styles.wrap}>
                  {a.name} &lt;{a.email}&gt;
                </Text>
                {contact ? (
                  contact.url ? (
                    <Link ref={focusIf(a.email)} href={contact.url} target="_blank" rel="noopener noreferrer">
                      {t('attendees.open', {
                        name: contact.company ? `${contact.name} (${contact.company})` : contact.name,
                        erp: erpName,
                      })}
                    </Link>
                  ) : (
                    <Text size={200}>{contact.name}</Text>
                  )
                ) : (
                  contacts.has(a.email) && (
                    <div className={styles.actions}>
                      <Text size={200}>{t('attendees.notInErp', { erp: erpName })}</Text>
                      <Button
                        size="small"
                        onClick={() =>
                          act(a.email, async () => {
                            const made = await deps.api.createContact({ name: a.name, email: a.email });
                            setContacts((m) => new Map(m).set(a.email, made));
                          })
                        }
                      >
                        {t('attendees.addContact')}
                      </Button>
                      {!lead && (
                        <Button
                          size="small"
                          onClick={() =>
                            act(a.email, async () => {
                              const title = t('attendees.leadTitle', { name: a.name });
                              const made = await deps.api.createLead({
                                title,
                                contactName: a.name,
                                email: a.email,
                                idempotencyKey: newKey(),
                              });
                              setLeads((m) => new Map(m).set(a.email, made));
                            })
                          }
                        >
                          {t('attendees.addLead')}
                        </Button>
                      )}
                    </div>
                  )
                )}
                {lead && (
                  <div className={styles.actions}>
                    <Text size={200}>{t('attendees.leadCreated', { name: lead.name })}</Text>
                    <Button ref={focusIf(a.email)} size="small" appearance="primary" onClick={() => onLink(lead)}>
                      {t('attendees.linkLead')}
                    </Button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
