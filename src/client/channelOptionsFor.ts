import type { ClientOptions } from "@grpc/grpc-js";

// Targets that can name several servers at once: a DNS name with several records, or a list.
const MULTI_ADDRESS = /^(dns|ipv4|ipv6):/;
const ROUND_ROBIN = JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] });

/**
 * The channel options of one target. A `dns:///name` (or `ipv4:a,b`) target gets grpc-js's
 * round_robin balancer, which spreads calls over every address the name resolves to and leaves out
 * the ones that stop answering, so a resume finds a live replica; unless the caller set a service
 * config of their own. Plain `host:port` keeps grpc-js's default (pick_first).
 */
export function channelOptionsFor(target: string, options: Partial<ClientOptions> | undefined): Partial<ClientOptions> {
  const withBackoff = { "grpc.initial_reconnect_backoff_ms": 200, "grpc.max_reconnect_backoff_ms": 2000, ...options };
  if (!MULTI_ADDRESS.test(target) || options?.["grpc.service_config"] !== undefined) return withBackoff;
  return { ...withBackoff, "grpc.service_config": ROUND_ROBIN };
}
