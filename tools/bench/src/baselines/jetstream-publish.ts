/**
 * Baseline for `batch`: one Node process publishing the same event bytes to a JetStream stream
 * configured like The Eye's (file storage, work queue, a message id on every publish), keeping
 * `window` publishes in flight. Arguments: a JSON {@link PublishSpec}; prints `{ "events_per_s" }`.
 */
import { jetstream, jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { benchEvent } from '../events';

interface PublishSpec {
  natsUrl: string;
  stream: string;
  subject: string;
  events: number;
  window: number;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as PublishSpec;
  const nc = await connect({ servers: spec.natsUrl });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name: spec.stream,
    subjects: [spec.subject],
    storage: StorageType.File,
    retention: RetentionPolicy.Workqueue,
    discard: DiscardPolicy.New,
    duplicate_window: 10 * 60 * 1e9,
  });
  const js = jetstream(nc);
  const encoder = new TextEncoder();
  const payloads = Array.from({ length: 1_000 }, (_, index) =>
    encoder.encode(JSON.stringify(benchEvent({ sessionId: `bench-session-${index}`, timestamp: new Date() }))),
  );

  const started = process.hrtime.bigint();
  let next = 0;
  const publisher = async () => {
    while (next < spec.events) {
      const index = next++;
      await js.publish(spec.subject, payloads[index % payloads.length], { msgID: `baseline-${index}` });
    }
  };
  await Promise.all(Array.from({ length: spec.window }, publisher));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await jsm.streams.delete(spec.stream);
  await nc.drain();
  process.stdout.write(`${JSON.stringify({ events_per_s: spec.events / seconds, seconds })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`jetstream baseline failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
