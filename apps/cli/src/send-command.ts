import type { EyeClient, FlushSummary } from '@the-eye/client';
import { Presets, SingleBar } from 'cli-progress';
import { toTrackEvent } from './event-input';
import type { Output } from './output';

/** How `send` reports. */
export interface SendOptions {
  json: boolean;
  /** Where to draw a progress bar (stderr when it is a terminal); none when omitted. */
  progressStream?: NodeJS.WritableStream;
}

/** What `send --json` prints as its last line. */
export interface SendSummary {
  accepted: number;
  failed: number;
  dropped: number;
  /** Each event's id, in input order (the server-side `event_id`). */
  ids: string[];
  failures: Array<{ code: string; message: string; event_ids: string[] }>;
}

/**
 * `send [file]`: tracks every event through the client (batched, retried), waits until each is
 * accepted or failed for good, and prints a summary. Returns it; the caller exits non-zero when
 * anything failed or was dropped.
 */
export async function sendEvents(client: EyeClient, output: Output, events: Record<string, unknown>[], options: SendOptions): Promise<SendSummary> {
  const bar = options.progressStream
    ? new SingleBar({ stream: options.progressStream, format: 'sending [{bar}] {value}/{total} events  {percentage}%  {eta_formatted} left', hideCursor: true }, Presets.shades_classic)
    : undefined;
  bar?.start(events.length, 0);
  const progress = bar ? setInterval(() => bar.update(settled(client)), 100) : undefined;
  let flushed: FlushSummary;
  const ids: string[] = [];
  try {
    for (const event of events) ids.push(client.track(toTrackEvent(event)));
    flushed = await client.close();
  } finally {
    clearInterval(progress);
    bar?.update(settled(client));
    bar?.stop();
  }
  const summary: SendSummary = {
    accepted: flushed.accepted,
    failed: flushed.failed,
    dropped: flushed.dropped,
    ids,
    failures: flushed.failures.map((failure) => ({ code: failure.error.code, message: failure.error.message, event_ids: [...failure.eventIds] })),
  };
  for (const failure of summary.failures) {
    output.err(`failed: ${failure.code}: ${failure.message} (${failure.event_ids.length} event${failure.event_ids.length === 1 ? '' : 's'})`);
  }
  output.out(
    options.json
      ? JSON.stringify(summary)
      : `sent ${events.length} event${events.length === 1 ? '' : 's'}: ${summary.accepted} accepted, ${summary.failed} failed${summary.dropped > 0 ? `, ${summary.dropped} dropped` : ''}`,
  );
  return summary;
}

/** Events the client is done with. */
function settled(client: EyeClient): number {
  const stats = client.stats;
  return stats.accepted + stats.failed + stats.dropped;
}
