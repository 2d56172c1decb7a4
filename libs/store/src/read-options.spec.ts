import { MongoNetworkTimeoutError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { InvalidQueryError } from './read/cursor';
import { reading } from './read-options';

const failWith = (error: unknown) => reading('list events', () => Promise.reject(error));

describe('reading', () => {
  it('says a read that ran past its time limit took too long (MaxTimeMSExpired, the driver timing out)', async () => {
    const maxTime = new MongoServerError({ message: 'operation exceeded time limit', code: 50, codeName: 'MaxTimeMSExpired' });
    for (const error of [maxTime, new MongoNetworkTimeoutError('connection 3 to 10.1.2.3:27017 timed out')]) {
      const failure = await failWith(error).catch((caught: unknown) => caught);
      expect(failure).toMatchObject({ name: 'StoreReadTimeoutError', code: 'unavailable', cause: error });
      expect((failure as Error).message).toMatch(/^the read took too long: the database could not list events within the time limit/);
    }
  });

  it('names the database, never the driver text with its host and port', async () => {
    const driver = new MongoServerSelectionError('connect ECONNREFUSED 10.1.2.3:27017', { type: 'Unknown', servers: new Map(), stale: false, compatible: true, heartbeatFrequencyMS: 0, localThresholdMS: 0, setName: null, maxElectionId: null, maxSetVersion: null, commonWireVersion: 0, logicalSessionTimeoutMinutes: null } as never);
    const failure = (await failWith(driver).catch((caught: unknown) => caught)) as Error;
    expect(failure).toMatchObject({ name: 'StoreUnavailableError', code: 'unavailable', cause: driver });
    expect(failure.message).toBe('the database could not list events: it is not reachable or failed');
    expect(failure.message).not.toMatch(/10\.1\.2\.3|27017|ECONNREFUSED/);
  });

  it('lets a refused query through as it is', async () => {
    const refused = new InvalidQueryError('cursor', 'is not a cursor this API issued');
    await expect(failWith(refused)).rejects.toBe(refused);
  });
});
