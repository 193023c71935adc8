/** How the latest iteration of a Query went: the calls it made so far and where the last one went. */
export interface QueryProgress {
  attempts: number;
  address: string | undefined;
}
