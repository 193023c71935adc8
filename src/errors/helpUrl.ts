/** Where the Help detail of every error points: the matching section of TROUBLESHOOTING.md. */
export const TROUBLESHOOTING_URL = "https://github.com/fraiseql/fraiseql-wire/blob/main/TROUBLESHOOTING.md";

/** The ErrorInfo domain of every error this service produces (AIP-193). */
export const ERROR_DOMAIN = "wire.fraiseql.dev";

export function helpUrl(anchor: string): string {
  return `${TROUBLESHOOTING_URL}#${anchor}`;
}
