import { AppError } from '../../server/errors';
import { kindOfStatus, OutlookError, translateGraphError } from '../../server/outlook/errors';
import { parseRetryAfter } from '../../server/retry';

describe('Graph errors', () => {
  it.each([
    [401, null, 'auth'],
    [403, 'ErrorAccessDenied', 'auth'],
    [404, 'ErrorItemNotFound', 'not_found'],
    [412, 'ErrorIrresolvableConflict', 'conflict'],
    [409, 'ErrorIrresolvableConflict', 'conflict'],
    [409, 'ErrorFolderExists', 'validation'],
    [410, 'SyncStateNotFound', 'sync_state_not_found'],
    [429, 'ApplicationThrottled', 'throttled'],
    [400, 'ErrorInvalidRequest', 'validation'],
    [503, null, 'transient'],
    [504, null, 'transient'],
    [-1, null, 'transient'],
  ])('when Graph answers %s %s, then the kind is %s', (status, code, kind) => {
    expect(kindOfStatus(status, code)).toBe(kind);
  });

  it('when Retry-After is seconds or an HTTP date, then it is read as seconds', () => {
    expect(parseRetryAfter('2.128')).toBe(2.128);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(10);
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('when the Graph client throws a GraphError, then the OutlookError keeps status, code, request-id and body', () => {
    const graphError = {
      statusCode: 429,
      code: 'ApplicationThrottled',
      requestId: 'req-1',
      body: JSON.stringify({
        code: 'ApplicationThrottled',
        message: 'Application is over its MailboxConcurrency limit.',
      }),
      headers: new Headers({ 'Retry-After': '3' }),
    };
    const error = translateGraphError(graphError, 'GET /users/x/events');
    expect(error).toBeInstanceOf(OutlookError);
    expect(error).toBeInstanceOf(AppError);
    expect(error.kind).toBe('throttled');
    expect(error.code).toBe('throttled');
    expect(error.retryAfterSeconds).toBe(3);
    expect(error.cause).toEqual({
      status: 429,
      graphCode: 'ApplicationThrottled',
      requestId: 'req-1',
      body: { error: { code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' } },
    });
    expect(error.message).toContain('GET /users/x/events: Graph answered 429 ApplicationThrottled');
  });

  it('when the network fails, then the error is transient', () => {
    const error = translateGraphError(new TypeError('fetch failed'), 'GET /x');
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('fetch failed');
  });
});
