import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { DataType, Resume, type ListEntitiesRequest, type ListEntitiesResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import type { Caller } from "../auth/Caller.js";
import { listEntities } from "../db/listEntities.js";
import { WireError } from "../errors/WireError.js";
import { abortable } from "../stream/abortable.js";
import { callSignal } from "./callSignal.js";
import { observeCall } from "./observeCall.js";
import { UndecodableRequest } from "./queryServiceDefinition.js";
import { reportError } from "./reportError.js";
import type { ServerState } from "./ServerState.js";
import { trackCall } from "./trackCall.js";

type Call = ServerUnaryCall<ListEntitiesRequest | UndecodableRequest, ListEntitiesResponse>;

/** ListEntities: the streamable views of the exposed schemas the caller may read, read fresh from the catalog. */
export function handleListEntities(state: ServerState): (caller: Caller, call: Call, callback: sendUnaryData<ListEntitiesResponse>) => void {
  return (caller, call, callback) =>
    trackCall(state.running, () => observeCall(state, "ListEntities", call, async (record) => {
      record.caller = caller.id;
      const { signal, dispose } = callSignal(call, state.shutdownSignal);
      try {
        if (call.request instanceof UndecodableRequest) throw call.request.error;
        const { schema } = call.request;
        const scope = { ...state.stream.scope, readable: (s: string, name: string) => caller.scopes.mayRead(s, name) };
        if (schema !== "" && !scope.schemas.includes(schema)) {
          throw new WireError("INVALID_ARGUMENT", `invalid schema: ${JSON.stringify(schema.slice(0, 63))} is not exposed by this server (exposed: [${scope.schemas.join(", ")}]).`, {
            metadata: { field: "schema", schema: schema.slice(0, 63) },
            fieldViolations: [{ field: "schema", description: `not one of the exposed schemas [${scope.schemas.join(", ")}]` }],
          });
        }
        const release = await state.stream.hooks.waitForSlot(() => state.stream.slots.acquire(signal));
        const lease = state.stream.pool.take();
        let sound = false;
        try {
          // Listed over all schemas, then narrowed, so that bare and qualified names match StreamQuery's search order.
          const all = await abortable(listEntities(lease.sql, scope), signal);
          sound = true;
          const entities = schema === "" ? all : all.filter((e) => e.schema === schema);
          callback(null, {
            entities: entities.map((e) => ({
              name: e.name,
              schema: e.schema,
              view: e.view,
              dataType: e.dataType === "json" ? DataType.DATA_TYPE_JSON : DataType.DATA_TYPE_JSONB,
              keyColumn: e.keyColumn ?? "",
              qualifiedName: e.qualifiedName,
              resume: e.keyColumn === undefined ? Resume.RESUME_OFFSET : Resume.RESUME_KEYSET,
            })),
          });
        } finally {
          // Aborted or failed: the listing may still run on the connection, so it is not reused.
          if (sound) lease.release();
          else lease.discard();
          release();
        }
      } catch (error) {
        callback(reportError(error, { requestId: record.requestId, method: "ListEntities", log: state.log, debugErrors: state.debugErrors, record }));
      } finally {
        dispose();
      }
    }));
}
