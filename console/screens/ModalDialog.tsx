// A modal dialog on the platform's <dialog> (showModal: the rest of the page is inert, focus stays inside, Escape
// closes, focus returns to the opener). Fluent's Dialog adds focus-trap stand-ins (aria-hidden, focusable) at the
// page's edges that axe reports as serious (aria-hidden-focus), so the console uses the platform's.
import { makeStyles, Subtitle1, tokens } from '@fluentui/react-components';
import { useEffect, useId, useRef, type ReactNode } from 'react';

const useStyles = makeStyles({
  dialog: {
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusXLarge,
    boxShadow: tokens.shadow64,
    padding: tokens.spacingHorizontalXXL,
    maxWidth: '36rem',
    width: 'calc(100vw - 4rem)',
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    fontFamily: tokens.fontFamilyBase,
  },
  body: { display: 'grid', gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalM },
  actions: {
    display: 'flex',
    justifyContent: 'flex-end',
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalL,
  },
});

export function ModalDialog(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  actions: ReactNode;
}) {
  const styles = useStyles();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} className={styles.dialog} aria-labelledby={titleId} onClose={props.onClose}>
      {props.open && (
        <>
          <Subtitle1 as="h2" id={titleId}>
            {props.title}
          </Subtitle1>
          <div className={styles.body}>{props.children}</div>
          <div className={styles.actions}>{props.actions}</div>
        </>
      )}
    </dialog>
  );
}
