import { COLLECTIONS } from '@eye/store';
import type { Db } from 'mongodb';
import { percentile } from './stats';

/** What one application's accepted events became in MongoDB. */
export interface StoredOutcome {
  stored: number;
  /** Accepted ids with no stored event (valid or invalid). */
  lost: number;
  /** Stored documents beyond one per accepted id. */
  duplicates: number;
  /** Stored events per second, from the first received to the last stored. */
  eventsPerSecond: number;
  lagP50Ms: number;
  lagP99Ms: number;
}

interface StoredFields {
  event_id: string;
  received_us: number;
  stored_at?: Date;
}

const FIELDS = { projection: { _id: 0, event_id: 1, received_us: 1, stored_at: 1 } };

/** Every stored event of an application, valid or invalid (one collection). */
function storedDocuments(db: Db, application: string): Promise<StoredFields[]> {
  return db.collection<StoredFields>(COLLECTIONS.events).find({ application }, FIELDS).toArray();
}

/** Events stored so far by the validators (valid and invalid, duplicates not counted), from their /metrics. */
export async function storedByValidators(metricsUrls: readonly string[]): Promise<number> {
  let total = 0;
  for (const url of metricsUrls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const line of text.split('\n')) {
      if (line.startsWith('eye_events_stored_total')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

/**
 * Waits until the validators report `expected` more stored events than `before`, printing
 * progress. Polls their metrics, not the database: counting documents on FerretDB scans the
 * collection and would slow down what is measured.
 */
export async function waitForStored(metricsUrls: readonly string[], before: number, expected: number, options: { label: string; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastReport = 0;
  for (;;) {
    const stored = (await storedByValidators(metricsUrls)) - before;
    if (stored >= expected) return;
    if (Date.now() > deadline) {
      process.stderr.write(`  ${options.label}: gave up waiting: ${stored} of ${expected} stored\n`);
      return;
    }
    if (Date.now() - lastReport > 3_000) {
      process.stderr.write(`  ${options.label}: ${stored} of ${expected} stored\n`);
      lastReport = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Counts what was stored of `acceptedIds` and how long each event took from received to stored. */
export async function storedOutcome(db: Db, application: string, acceptedIds: readonly string[]): Promise<StoredOutcome> {
  const documents = await storedDocuments(db, application);
  const storedIds = new Set(documents.map((doc) => doc.event_id));
  const lost = acceptedIds.filter((id) => !storedIds.has(id)).length;
  const lags = documents.filter((doc) => doc.stored_at).map((doc) => (doc.stored_at as Date).getTime() - doc.received_us / 1000);
  // A loop, not Math.min(...spread): a sustain step stores more events than the call stack holds arguments.
  let firstReceivedMs = Infinity;
  let lastStoredMs = 0;
  for (const doc of documents) {
    firstReceivedMs = Math.min(firstReceivedMs, doc.received_us / 1000);
    lastStoredMs = Math.max(lastStoredMs, doc.stored_at?.getTime() ?? 0);
  }
  return {
    stored: documents.length,
    lost,
    duplicates: documents.length - storedIds.size,
    eventsPerSecond: documents.length / Math.max(0.001, (lastStoredMs - firstReceivedMs) / 1000),
    lagP50Ms: percentile(lags, 50),
    lagP99Ms: percentile(lags, 99),
  };
}
