import type { StatusObject } from "@grpc/grpc-js";
import type { Caller } from "../auth/Caller.js";
import { credentialsOf, type AuthenticatedCall } from "./credentialsOf.js";
import { observeCall } from "./observeCall.js";
import { reportError } from "./reportError.js";
import type { ServerState } from "./ServerState.js";

/**
 * Authentication as middleware: wraps a handler once, so that the handler starts from an
 * authenticated Caller and never sees a call without one. A refused call ends with the status of
 * its WireError (UNAUTHENTICATED, PERMISSION_DENIED), through the same error funnel as any other.
 */
export function withCaller<Call extends AuthenticatedCall, Rest extends unknown[]>(
  state: ServerState,
  method: string,
  refuse: (call: Call, rest: Rest, status: StatusObject) => void,
  handler: (caller: Caller, call: Call, ...rest: Rest) => void,
): (call: Call, ...rest: Rest) => void {
  return (call, ...rest) => {
    // A refused call is observed like any other: its access line, span and metrics carry the reason.
    const refused = (error: unknown): void =>
      void observeCall(state, method, call as unknown as Parameters<typeof observeCall>[2], async (record) =>
        refuse(call, rest, reportError(error, { requestId: record.requestId, method, log: state.log, debugErrors: state.debugErrors, record })),
      );
    let credentials;
    try {
      credentials = credentialsOf(call);
    } catch (error) {
      refused(error);
      return;
    }
    state.auth.authenticate(credentials).then(
      (caller) => handler(caller, call, ...rest),
      (error: unknown) => refused(error),
    );
  };
}
