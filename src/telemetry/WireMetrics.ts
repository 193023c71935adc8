import type { Attributes, Counter, Histogram, Meter, UpDownCounter } from "@opentelemetry/api";

// Seconds, from a cached `limit 10` (~2 ms) to a long export (minutes).
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const MESSAGES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 50000];

/** How busy the pool is right now (read at each collection). */
export interface PoolState {
  readonly used: number;
  readonly max: number;
  readonly waiting: number;
}

/**
 * Every instrument of the service (docs/observability.md lists them with units and attributes).
 * Attribute values are bounded: methods and status codes, the catalog's entity names (never a
 * request's raw text), reasons and categories from the error catalog.
 */
export class WireMetrics {
  readonly callDuration: Histogram;
  readonly activeStreams: UpDownCounter;
  readonly rowsSent: Counter;
  readonly bytesSent: Counter;
  readonly timeToFirstRow: Histogram;
  readonly messagesPerStream: Histogram;
  readonly backpressureWait: Histogram;
  readonly poolWaitTime: Histogram;
  readonly errors: Counter;
  readonly resumes: Counter;
  readonly connectionsLost: Counter;
  readonly transactionHops: Counter;

  constructor(
    private readonly meter: Meter,
    /** db.client.connection.pool.name: server.address:server.port/db.namespace, as the conventions say. */
    readonly poolName: string,
  ) {
    this.callDuration = meter.createHistogram("rpc.server.call.duration", {
      unit: "s",
      description: "Duration of RPCs handled by the server, from the call's arrival to its status.",
      advice: { explicitBucketBoundaries: SECONDS },
    });
    this.activeStreams = meter.createUpDownCounter("fraiseql.wire.streams.active", { unit: "{stream}", description: "StreamQuery calls in progress." });
    this.rowsSent = meter.createCounter("fraiseql.wire.rows.sent", { unit: "{row}", description: "Rows sent to clients, by entity." });
    this.bytesSent = meter.createCounter("fraiseql.wire.bytes.sent", { unit: "By", description: "Bytes of row JSON sent to clients, by entity." });
    this.timeToFirstRow = meter.createHistogram("fraiseql.wire.time_to_first_row", {
      unit: "s",
      description: "From a StreamQuery call's arrival to its first row leaving the server, by entity.",
      advice: { explicitBucketBoundaries: SECONDS },
    });
    this.messagesPerStream = meter.createHistogram("fraiseql.wire.stream.messages", {
      unit: "{message}",
      description: "Messages sent per StreamQuery call (the final stats message included), by entity.",
      advice: { explicitBucketBoundaries: MESSAGES },
    });
    this.backpressureWait = meter.createHistogram("fraiseql.wire.backpressure.wait.duration", {
      unit: "s",
      description: "Waits for a client to read (HTTP/2 flow control full): the count is the number of waits.",
      advice: { explicitBucketBoundaries: SECONDS },
    });
    this.poolWaitTime = meter.createHistogram("db.client.connection.wait_time", {
      unit: "s",
      description: "Time a call waited for a pooled PostgreSQL connection (a stream slot), granted or not.",
      advice: { explicitBucketBoundaries: SECONDS },
    });
    this.errors = meter.createCounter("fraiseql.wire.errors", { unit: "{error}", description: "Calls that ended with an error, by method, reason and category." });
    this.resumes = meter.createCounter("fraiseql.wire.resumes", { unit: "{resume}", description: "StreamQuery calls that resumed an interrupted stream, by entity." });
    this.connectionsLost = meter.createCounter("fraiseql.wire.db.connections.lost", {
      unit: "{connection}",
      description: "PostgreSQL connections that died under a stream (reset, terminated backend, restart, failover).",
    });
    this.transactionHops = meter.createCounter("fraiseql.wire.transaction.hops", {
      unit: "{hop}",
      description: "Keyset streams that ended their READ ONLY transaction early and went on in a new one (FRAISEQL_WIRE_MAX_TRANSACTION_MS), by reason: age or idle.",
    });
  }

  /** The pool gauges, read from `read` whenever metrics are collected. */
  observePool(read: () => PoolState): void {
    const pool = { "db.client.connection.pool.name": this.poolName };
    const count = this.meter.createObservableUpDownCounter("db.client.connection.count", { unit: "{connection}", description: "Pooled PostgreSQL connections by state: used (held by a call) or idle." });
    const max = this.meter.createObservableUpDownCounter("db.client.connection.max", { unit: "{connection}", description: "Connections the pool may hand to calls (FRAISEQL_WIRE_POOL_SIZE)." });
    const pending = this.meter.createObservableUpDownCounter("db.client.connection.pending_requests", { unit: "{request}", description: "Calls waiting for a pooled connection." });
    this.meter.addBatchObservableCallback(
      (result) => {
        const state = read();
        result.observe(count, state.used, { ...pool, "db.client.connection.state": "used" });
        result.observe(count, state.max - state.used, { ...pool, "db.client.connection.state": "idle" });
        result.observe(max, state.max, pool);
        result.observe(pending, state.waiting, pool);
      },
      [count, max, pending],
    );
  }

  /** Attributes of one entity, for the per-entity instruments. */
  static entity(name: string): Attributes {
    return { "fraiseql.entity": name };
  }
}
