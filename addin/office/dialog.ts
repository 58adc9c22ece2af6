// The Office dialog used as the last sign-in fallback: opens auth-dialog.html and waits for its one message.
// The dialog page itself (addin/auth-dialog) does the MSAL redirect sign-in.
import { OfficeError, officeAsync } from './async';

/** What the dialog page sends back through messageParent (JSON). */
export type DialogResult = { type: 'token'; token: string } | { type: 'error'; message: string };

/** Dialog closed by the person (Office's DialogEventReceived 12006). */
export const DIALOG_CLOSED = 12006;

export async function runAuthDialog(url: string): Promise<string> {
  const dialog = await officeAsync<Office.Dialog>((cb) =>
    Office.context.ui.displayDialogAsync(url, { height: 60, width: 30, promptBeforeOpen: false }, cb),
  );
  return new Promise<string>((resolve, reject) => {
    dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg: unknown) => {
      dialog.close();
      const result = JSON.parse((arg as { message: string }).message) as DialogResult;
      if (result.type === 'token') resolve(result.token);
      else reject(new OfficeError('DialogSignInFailed', result.message));
    });
    dialog.addEventHandler(Office.EventType.DialogEventReceived, (arg: unknown) => {
      const code = (arg as { error: number }).error;
      reject(new OfficeError(code, code === DIALOG_CLOSED ? 'Sign-in was cancelled.' : 'The sign-in window failed.'));
    });
  });
}

/** Called inside the dialog page: hands the result to the task pane. */
export function sendToParent(result: DialogResult): void {
  Office.context.ui.messageParent(JSON.stringify(result));
}
