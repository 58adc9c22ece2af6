// The admin API client: bearer token on every call, JSON problems turned into ApiError with the fields that failed.
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export function createApi(token: () => Promise<string>, fetchImpl: typeof fetch = fetch.bind(window)) {
  const call = async (method: string, path: string, body?: unknown, accept = 'application/json') => {
    const response = await fetchImpl(path, {
      method,
      headers: {
        authorization: `Bearer ${await token()}`,
        accept,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      const details = (problem.details ?? problem) as { errors?: FieldError[] };
      const message = String(problem.detail ?? problem.title ?? `HTTP ${response.status}`);
      throw new ApiError(response.status, message, Array.isArray(details.errors) ? details.errors : [], problem);
    }
    return response;
  };
  const json: Api = async <T>(method: string, path: string, body?: unknown) => {
    const response = await call(method, path, body);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  /** Downloads a text answer (e.g. CSV) as a file the browser saves. */
  const download = async (path: string, filename: string, accept: string) => {
    const blob = await (await call('GET', path, undefined, accept)).blob();
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return { json, download };
}

export type ApiClient = ReturnType<typeof createApi>;
