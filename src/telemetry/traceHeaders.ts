import { context, propagation } from "@opentelemetry/api";

/**
 * The headers that carry the caller's active trace (W3C traceparent and tracestate by default) for
 * the TypeScript SDK's calls. Empty when the caller has no OpenTelemetry set up: the API alone
 * propagates nothing, so the SDK works unchanged.
 */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}
