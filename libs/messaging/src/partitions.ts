/**
 * Partitions by session: every event of one session travels on one subject, so the one consumer
 * of that subject sees the session's events in publish order, while different sessions spread
 * over `count` subjects that different validators can consume.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a (32 bit) of the UTF-8 bytes of `text`. Chosen because it is stable across processes,
 * versions and languages (a producer in another language can compute the same partition), fast,
 * and spreads short keys such as UUIDs evenly; it is not a cryptographic hash and need not be.
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The partition of a session: FNV-1a of `<application>\n<session id>` modulo `count`. An event
 * without a usable session id (it will be stored as invalid) goes with the empty session id.
 */
export function partitionOf(application: string, sessionId: string | undefined, count: number): number {
  if (count <= 1) return 0;
  return fnv1a32(`${application}\n${sessionId ?? ''}`) % count;
}

/** The subject of one partition: `<prefix>.<partition>`. */
export function partitionSubject(prefix: string, partition: number): string {
  return `${prefix}.${partition}`;
}

/** Every partition subject of a stream with `count` partitions, in partition order. */
export function partitionSubjects(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, partition) => partitionSubject(prefix, partition));
}

/** The partitions a stream's subjects describe: how many `<prefix>.<n>` subjects it lists (0 for none). */
export function partitionsIn(subjects: readonly string[], prefix: string): number {
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)$`);
  return subjects.filter((subject) => pattern.test(subject)).length;
}

/** The durable consumer of one partition, shared by every validator consuming it: `<name>-<partition>`. */
export function partitionConsumerName(durable: string, partition: number): string {
  return `${durable}-${partition}`;
}
