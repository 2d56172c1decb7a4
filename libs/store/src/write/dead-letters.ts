import { Binary, type Collection, type Db } from 'mongodb';
import { StoreUnavailableError } from '../errors';
import { COLLECTIONS, type DeadLetterDocument } from '../schema/documents';
import { DUPLICATE_KEY, isTransientMongoError } from './write-errors';

/** A queue message to record as undeliverable. */
export interface DeadLetter {
  stream: string;
  subject: string;
  seq: number;
  deliveries: number;
  payload: Uint8Array;
  messageId?: string;
  lastError: string;
}

/**
 * Records queue messages that could not be stored as events on their last delivery, in
 * `dead_letters`, byte for byte with the last error, so that nothing is dropped silently.
 */
export class DeadLetters {
  private readonly letters: Collection<DeadLetterDocument>;

  constructor(db: Db) {
    this.letters = db.collection(COLLECTIONS.deadLetters);
  }

  /**
   * Records one message; recording it again keeps the first record.
   *
   * @throws StoreUnavailableError when the database did not take it (transient or not: a record this
   * plain is refused only by a database that is not working).
   */
  async record(letter: DeadLetter): Promise<void> {
    const document: DeadLetterDocument = {
      _id: `${letter.stream}/${letter.seq}`,
      stream: letter.stream,
      subject: letter.subject,
      seq: letter.seq,
      deliveries: letter.deliveries,
      payload: new Binary(Buffer.from(letter.payload)),
      ...(letter.messageId === undefined ? {} : { message_id: letter.messageId }),
      last_error: letter.lastError,
      recorded_at: new Date(),
    };
    try {
      await this.letters.insertOne(document);
    } catch (error) {
      if ((error as { code?: unknown }).code === DUPLICATE_KEY) return;
      const what = isTransientMongoError(error) ? 'the database could not take the write' : 'the database refused a dead-letter record';
      throw new StoreUnavailableError(what, { cause: error });
    }
  }
}
