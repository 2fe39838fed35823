import { HttpError, httpError } from '../errors.js';
import { summaryOf } from './fetch-handler.js';
import { scrubSecrets } from './redact.js';
import { retryAfterFromHeaders } from './retry-after.js';
import { responseText, type TransportRequest, type TransportResponse } from './types.js';

/** An HTTP answer the dialect cannot explain, as an HttpError with a redacted 1 KiB excerpt. */
export function unexpectedStatus(request: TransportRequest, response: TransportResponse, secrets: readonly string[] = []): HttpError {
  const excerpt = scrubSecrets(responseText(response).slice(0, 1024), secrets);
  const summary = summaryOf(request);
  return httpError(`${request.operation.name} got HTTP ${response.status} [${request.method} ${summary.url}]`, {
    status: response.status,
    bodyExcerpt: excerpt,
    retryAfterMs: retryAfterFromHeaders(response.headers),
    request: summary,
    attempts: response.attempts,
  });
}
