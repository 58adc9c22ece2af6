// Turns Office.js callback APIs into promises that reject with OfficeError on AsyncResultStatus.Failed.
// (The Office samples throw inside callbacks, where nothing catches it.)

/** An Office.js call that failed: `code` is Office's numeric or named error code. */
export class OfficeError extends Error {
  constructor(
    readonly code: number | string,
    message: string,
    /** Office's error name, e.g. ItemNotSaved (the stable part: numeric codes differ across hosts). */
    readonly officeName: string = String(code),
  ) {
    super(message);
    this.name = 'OfficeError';
  }
}

export function officeAsync<T>(start: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    start((result) => {
      if (result.status === Office.AsyncResultStatus.Failed) {
        reject(new OfficeError(result.error.code, result.error.message || result.error.name, result.error.name));
      } else {
        resolve(result.value);
      }
    });
  });
}
