// PostgreSQL's condition names for the SQLSTATEs our messages mention most
// (https://www.postgresql.org/docs/current/errcodes-appendix.html). Names are safe to show: unlike
// PostgreSQL's messages they never carry SQL text or data.
const NAMES: Readonly<Record<string, string>> = {
  "08000": "connection_exception",
  "08001": "sqlclient_unable_to_establish_sqlconnection",
  "08003": "connection_does_not_exist",
  "08004": "sqlserver_rejected_establishment_of_sqlconnection",
  "08006": "connection_failure",
  "08P01": "protocol_violation",
  "22003": "numeric_value_out_of_range",
  "22012": "division_by_zero",
  "22P02": "invalid_text_representation",
  "25P03": "idle_in_transaction_session_timeout",
  "25P04": "transaction_timeout",
  "28000": "invalid_authorization_specification",
  "28P01": "invalid_password",
  "3D000": "invalid_catalog_name",
  "40001": "serialization_failure",
  "40P01": "deadlock_detected",
  "42501": "insufficient_privilege",
  "42703": "undefined_column",
  "42883": "undefined_function",
  "42P01": "undefined_table",
  "53100": "disk_full",
  "53200": "out_of_memory",
  "53300": "too_many_connections",
  "53400": "configuration_limit_exceeded",
  "54000": "program_limit_exceeded",
  "54001": "statement_too_complex",
  "57014": "query_canceled",
  "57P01": "admin_shutdown",
  "57P02": "crash_shutdown",
  "57P03": "cannot_connect_now",
  "P0001": "raise_exception",
};

/** "SQLSTATE 22012 division_by_zero", or just "SQLSTATE 22012" for codes not listed. */
export function describeState(state: string): string {
  const name = NAMES[state];
  return name === undefined ? `SQLSTATE ${state}` : `SQLSTATE ${state} ${name}`;
}
