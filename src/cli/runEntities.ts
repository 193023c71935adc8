import { tlsOptions } from "./tlsOptions.js";
import { WireClient } from "../client/index.js";
import { addressesOf, type CliCommand } from "./parseCli.js";
import type { Output } from "./Output.js";
import { createRowFormatter } from "./createRowFormatter.js";

/** `fraiseql-wire entities`: what the server exposes, as a table by default. */
export async function runEntities(cli: CliCommand, out: Output): Promise<void> {
  const client = new WireClient(addressesOf(cli.address), {
    tls: tlsOptions(cli),
    ...(cli.token === undefined ? {} : { token: cli.token }),
    ...(cli.deadlineMs === undefined ? {} : { deadlineMs: cli.deadlineMs }),
  });
  try {
    const entities = await client.listEntities(cli.schema);
    const formatter = createRowFormatter(cli.format ?? "table");
    let text = "";
    for (const e of entities) {
      text += formatter.row(JSON.stringify({ name: e.name, qualified_name: e.qualifiedName, view: e.view, data_type: e.dataType, key_column: e.keyColumn ?? "" }));
    }
    await out.write(text + formatter.end());
  } finally {
    client.close();
  }
}
