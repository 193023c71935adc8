import { connectivityState } from "@grpc/grpc-js";
import type { QueryServiceClient } from "../../generated/fraiseql/wire/v1/query_service.js";

/** One address of a WireClient, with its own HTTP/2 channel. */
export interface Endpoint {
  readonly address: string;
  readonly grpc: QueryServiceClient;
}

/**
 * The addresses a WireClient was given: `new WireClient(["host-a:50051", "host-b:50051"])`. New
 * streams take them in turn; a resume goes to the address after the one that failed. Either way an
 * address whose channel is failing to connect (TRANSIENT_FAILURE) is passed over while another is
 * not, so a replica that is gone costs at most one failed call.
 * (A single `dns:///name` target is balanced by grpc-js itself: see channelOptionsFor.)
 */
export class Endpoints {
  private next = 0;

  constructor(private readonly list: readonly Endpoint[]) {
    if (list.length === 0) throw new RangeError("WireClient needs at least one address");
  }

  get size(): number {
    return this.list.length;
  }

  /** The endpoint for a new call: the next in turn, or the one after `failed`; healthy ones first. */
  pick(failed?: string): Endpoint {
    const n = this.list.length;
    const from = failed === undefined ? this.next++ % n : this.list.findIndex((e) => e.address === failed) + 1;
    for (let i = 0; i < n; i++) {
      const endpoint = this.list[(from + i) % n]!;
      if (endpoint.grpc.getChannel().getConnectivityState(false) !== connectivityState.TRANSIENT_FAILURE) return endpoint;
    }
    return this.list[from % n]!;
  }

  close(): void {
    for (const endpoint of this.list) endpoint.grpc.close();
  }
}
