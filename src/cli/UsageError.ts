/** A command line that cannot run as typed: exit code 2, with a pointer to --help. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
