import { credentials, type ChannelOptions } from "@grpc/grpc-js";
import { QueryServiceClient, type StreamQueryResponse } from "../generated/fraiseql/wire/v1/query_service.js";
import type { StreamJob, StreamOutcome, StreamReport } from "./StreamJob.js";

/**
 * A separate client process for the benchmarks: it reads StreamQuery calls the way an application
 * would (pull-based async iteration, every row decoded into a JS string by the generated code) and
 * prints one JSON StreamReport line. Usage: node dist/perf/streamClient.js '<StreamJob JSON>'.
 */
const OPTIONS: ChannelOptions = { "grpc.max_receive_message_length": 8 * 1024 * 1024 };

async function runCall(client: QueryServiceClient, job: StreamJob): Promise<StreamOutcome> {
  const started = performance.now();
  let firstMessageMs = -1;
  let rows = 0;
  let chars = 0;
  let messages = 0;
  let stats: StreamQueryResponse["stats"];
  let cancelled = false;
  try {
    const call = client.streamQuery({
      entity: job.entity,
      filter: job.filter ?? "",
      orderBy: "",
      resumeToken: Buffer.alloc(0),
      limit: job.limit ?? 0,
      offset: 0,
      chunkRows: job.chunkRows ?? 0,
      chunkBytes: job.chunkBytes ?? 0,
    });
    // After a deliberate cancel grpc-js still emits the CANCELLED status as 'error': keep a listener.
    call.on("error", () => {});
    for await (const message of call as AsyncIterable<StreamQueryResponse>) {
      if (firstMessageMs < 0) firstMessageMs = performance.now() - started;
      messages += 1;
      rows += message.rows.length;
      for (const row of message.rows) chars += row.length;
      if (message.stats !== undefined) stats = message.stats;
      if (messages === job.cancelAfterMessages && stats === undefined) {
        cancelled = true;
        call.cancel();
        break;
      }
    }
    if (stats === undefined && !cancelled) throw new Error("stream ended without its stats message");
  } catch (error) {
    return outcome(error instanceof Error ? error.message : String(error));
  }
  return outcome();

  function outcome(error?: string): StreamOutcome {
    return {
      rows,
      bytes: stats?.bytes ?? chars,
      messages,
      seconds: (performance.now() - started) / 1000,
      firstMessageMs,
      serverFirstRowMs: (stats?.timeToFirstRowMicros ?? -1000) / 1000,
      ...(cancelled ? { cancelled } : {}),
      ...(error === undefined ? {} : { error }),
    };
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "{}") as StreamJob;
  const count = job.mode === "stream" ? (job.streams ?? 1) : 1;
  const clients = Array.from({ length: job.channelPerStream ? count : 1 }, (_, i) =>
    // A distinct option value keeps grpc-js from sharing one subchannel (connection) between clients.
    new QueryServiceClient(job.address, credentials.createInsecure(), { ...OPTIONS, "fraiseql.perf.channel": i }),
  );
  await Promise.all(clients.map((c) => new Promise<void>((resolve, reject) => c.waitForReady(Date.now() + 10_000, (e) => (e ? reject(e) : resolve())))));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let outcomes: StreamOutcome[] = [];
  if (job.mode === "stream") {
    outcomes = await Promise.all(Array.from({ length: count }, (_, i) => runCall(clients[i % clients.length]!, job)));
  } else {
    for (let i = 0; i < (job.warmup ?? 0); i++) await runCall(clients[0]!, job);
    for (let i = 0; i < (job.calls ?? 1); i++) outcomes.push(await runCall(clients[0]!, job));
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const report: StreamReport = { outcomes, wallSeconds, clientCpuSeconds: (cpu.user + cpu.system) / 1e6 };
  for (const c of clients) c.close();
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`streamClient: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
