import { tlsOptions } from "./tlsOptions.js";
import { WireClient } from "../client/index.js";
import { addressesOf, type CliCommand } from "./parseCli.js";
import type { Output } from "./Output.js";
import { ProgressLine } from "./ProgressLine.js";
import { createRowFormatter } from "./createRowFormatter.js";

/**
 * `fraiseql-wire query <entity>`: streams rows to stdout in the chosen format. The SDK resumes a
 * broken stream after the last message written (unless --no-resume), so the output has every row
 * once; each resume shows on the progress line.
 */
export async function runQuery(cli: CliCommand, out: Output, stderr: NodeJS.WriteStream, signal: AbortSignal): Promise<void> {
  const client = new WireClient(addressesOf(cli.address), {
    tls: tlsOptions(cli),
    ...(cli.token === undefined ? {} : { token: cli.token }),
    ...(cli.deadlineMs === undefined ? {} : { deadlineMs: cli.deadlineMs }),
  });
  const formatter = createRowFormatter(cli.format ?? "ndjson");
  const progress = new ProgressLine(stderr);
  // Only when both go to the same terminal does the progress line need clearing before output.
  const shareTerminal = process.stdout.isTTY === true && stderr.isTTY === true;
  try {
    const query = client.query(cli.entity).where(cli.filter).orderBy(cli.orderBy).limit(cli.limit).offset(cli.offset)
      .chunkRows(cli.chunkRows).chunkBytes(cli.chunkBytes).signal(signal)
      .resume(cli.resume === false ? false : { ...cli.resume, onResume: (event) => progress.resumed(event) });
    // Whole messages, not rows: one write per message keeps the CLI's own cost per row low. The
    // SDK takes a message as received once the loop asks for the next one, after it was written.
    for await (const chunk of query.chunks()) {
      let text = "";
      let bytes = 0;
      for (const row of chunk.rows) {
        text += formatter.row(row);
        bytes += Buffer.byteLength(row);
      }
      progress.add(chunk.rows.length, bytes);
      if (shareTerminal && text !== "") progress.clear();
      await out.write(text);
      if (out.isClosed) return;
    }
    await out.write(formatter.end());
  } finally {
    progress.finish();
    client.close();
  }
}
