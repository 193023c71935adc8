import type { ServerWritableStream } from "@grpc/grpc-js";
import type { StreamQueryRequest } from "../../generated/fraiseql/wire/v1/query_service.js";
import type { Caller } from "../auth/Caller.js";
import { streamAccess } from "../auth/streamAccess.js";
import { WireError } from "../errors/WireError.js";
import { buildQuerySpec } from "../query/buildQuerySpec.js";
import type { StreamItem } from "../stream/RowChunk.js";
import { streamQuery } from "../stream/streamQuery.js";
import { callSignal } from "./callSignal.js";
import type { CallRecord } from "./CallRecord.js";
import { observeCall } from "./observeCall.js";
import { UndecodableRequest } from "./queryServiceDefinition.js";
import { reportError } from "./reportError.js";
import type { ServerState } from "./ServerState.js";
import { trackCall } from "./trackCall.js";
import { waitForDrain } from "./waitForDrain.js";

type Call = ServerWritableStream<StreamQueryRequest | UndecodableRequest, StreamItem>;

/** StreamQuery: validate, stream chunks with backpressure, end with stats or one error status. */
export function handleStreamQuery(state: ServerState): (caller: Caller, call: Call) => void {
  return (caller, call) => trackCall(state.running, () => observeCall(state, "StreamQuery", call, (record) => serve(state, call, record, caller)));
}

async function serve(state: ServerState, call: Call, record: CallRecord, caller: Caller): Promise<void> {
  const { startedAt, requestId } = record;
  record.caller = caller.id;
  const { signal, dispose } = callSignal(call, state.shutdownSignal);
  let rowsSent = 0;
  // Where this call's rows stand in the original result (a resumed call starts past 0), and the
  // token of the last message sent: an error after rows says where to resume.
  let nextIndex: number | undefined;
  let lastToken: Buffer | undefined;
  let offset = 0;
  let releaseCaller: (() => void) | undefined;
  try {
    if (state.isShuttingDown()) throw shuttingDown();
    if (call.request instanceof UndecodableRequest) throw call.request.error;
    record.entity = call.request.entity;
    const spec = buildQuerySpec(call.request, state.limits);
    record.resumed = spec.resumeToken !== undefined;
    offset = spec.offset;
    // The caller's side of the call: which entity it may read, as whom, and how many streams it holds.
    const access = streamAccess(caller, spec.entity, state.stream.scope.schemas);
    releaseCaller = state.callerStreams.acquire(caller);
    for await (const item of streamQuery(state.stream, spec, signal, startedAt, access)) {
      // Backpressure: a full HTTP/2 stream means we stop pulling rows until the client reads.
      const full = !call.write(item);
      if (item.kind === "rows") {
        rowsSent += item.chunk.rows.length;
        nextIndex = item.chunk.firstRowIndex + item.chunk.rows.length;
        lastToken = item.chunk.resumeToken;
      }
      if (full) await waitForDrain(call, signal);
      signal.throwIfAborted();
    }
    call.end();
  } catch (error) {
    if (call.cancelled) {
      state.log.debug({ requestId, rowsSent }, "StreamQuery cancelled by the client");
      return;
    }
    const metadata: Record<string, number | string> =
      rowsSent > 0 ? { rowsReceived: rowsSent, nextOffset: offset + (nextIndex ?? rowsSent) } : { rowsReceived: 0 };
    if (lastToken !== undefined) metadata["resumeToken"] = lastToken.toString("base64");
    call.emit("error", reportError(error, { requestId, method: "StreamQuery", log: state.log, debugErrors: state.debugErrors, metadata, record }));
  } finally {
    releaseCaller?.();
    dispose();
  }
}

function shuttingDown(): WireError {
  return new WireError("SERVER_SHUTTING_DOWN", "the server is shutting down and accepts no new streams. Retry on another instance after a short delay.");
}
