import { ApiError } from '../../api.js';
import { i18n } from '../../i18n/index.js';

/**
 * Requests api() cannot make: multipart uploads and JSON posts with an Idempotency-Key. The CSRF
 * token (from /api/me) goes along when signed in; anonymous requests carry no session.
 */
export async function rawPost<T>(path: string, body: BodyInit | object, options: { csrfToken?: string | null; headers?: Record<string, string> } = {}): Promise<T> {
  const isForm = body instanceof FormData;
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language, ...(options.headers ?? {}) };
  if (!isForm) headers['Content-Type'] = 'application/json';
  if (options.csrfToken) headers['X-CSRF-Token'] = options.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers, body: isForm ? body : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { code: 'network' });
  }
  const payload = (await response.json().catch(() => ({}))) as unknown;
  if (!response.ok) throw new ApiError(response.status, payload as never);
  return payload as T;
}
