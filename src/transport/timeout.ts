import { TimeoutError, timeoutError } from '../errors.js';
import { summaryOf } from './fetch-handler.js';
import type { ResolvedTransportOptions } from './options.js';
import type { Middleware, TransportRequest } from './types.js';

function deadline(request: TransportRequest, ms: number, phase: 'attempt' | 'total'): { request: TransportRequest; done: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      timeoutError(`${request.operation.name} timed out after ${ms} ms (${phase}) [${request.method} ${summaryOf(request).url}]`, {
        phase,
        timeoutMs: ms,
        request: summaryOf(request),
      }),
    );
  }, ms);
  const signal = request.signal ? AbortSignal.any([request.signal, controller.signal]) : controller.signal;
  return { request: { ...request, signal }, done: () => clearTimeout(timer) };
}

async function withDeadline(
  request: TransportRequest,
  ms: number,
  phase: 'attempt' | 'total',
  run: (request: TransportRequest) => Promise<Awaited<ReturnType<Parameters<Middleware>[0]>>>,
): ReturnType<Parameters<Middleware>[0]> {
  const bounded = deadline(request, ms, phase);
  try {
    return await run(bounded.request);
  } catch (error) {
    // The abort reason is our TimeoutError; surface it instead of undici's AbortError.
    const reason = bounded.request.signal?.reason as unknown;
    if (reason instanceof TimeoutError && bounded.request.signal?.aborted && !request.signal?.aborted) throw reason;
    throw error;
  } finally {
    bounded.done();
  }
}

/** Once per operation: bounds retries and waits together. */
export function totalDeadlineMiddleware(options: ResolvedTransportOptions): Middleware {
  return (next) => (request) => withDeadline(request, options.totalTimeoutMs, 'total', next);
}

/** Per attempt. */
export function attemptTimeoutMiddleware(options: ResolvedTransportOptions): Middleware {
  return (next) => (request) => withDeadline(request, options.timeoutMs, 'attempt', next);
}
