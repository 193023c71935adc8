/** What a call presents, as the server found it on the call (src/server reads grpc-js for it). */
export interface Credentials {
  /** The `authorization` metadata value, if any. */
  readonly authorization: string | undefined;
  /** The subject of a verified client certificate (mTLS), e.g. "CN=etl,O=Example"; undefined without one. */
  readonly peerSubject: string | undefined;
}
