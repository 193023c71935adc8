import { randomUUID } from "node:crypto";
import type { StatusObject } from "@grpc/grpc-js";
import type { Caller } from "../auth/Caller.js";
import { credentialsOf, type AuthenticatedCall } from "./credentialsOf.js";
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
    let credentials;
    try {
      credentials = credentialsOf(call);
    } catch (error) {
      refuse(call, rest, reportError(error, { requestId: randomUUID(), method, log: state.log, debugErrors: state.debugErrors }));
      return;
    }
    state.auth.authenticate(credentials).then(
      (caller) => handler(caller, call, ...rest),
      (error: unknown) => refuse(call, rest, reportError(error, { requestId: randomUUID(), method, log: state.log, debugErrors: state.debugErrors })),
    );
  };
}
