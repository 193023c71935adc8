/**
 * Process exit codes, documented in --help so scripts can branch on them. 75 is EX_TEMPFAIL from
 * sysexits.h: "try again later", which is what a retriable failure means.
 */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  retriable: 75,
  interrupted: 130,
} as const;
