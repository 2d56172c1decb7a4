import type { MongoServer } from '../mongo-server';
import type { NatsServer } from '../nats-server';

/** What the global setup started and changed, for the global teardown (same process). */
export interface GlobalInfrastructure {
  nats?: NatsServer;
  mongo?: MongoServer;
  /** This run's folder (service logs); removed by the teardown unless EYE_TEST_KEEP_LOGS=true. */
  runDir?: string;
  /** process.env entries as they were before the setup, to put back. */
  savedEnv: Record<string, string | undefined>;
}

const KEY = Symbol.for('eye.testing.globalInfrastructure');

type WithInfrastructure = typeof globalThis & { [KEY]?: GlobalInfrastructure };

export function saveInfrastructure(state: GlobalInfrastructure): void {
  (globalThis as WithInfrastructure)[KEY] = state;
}

export function takeInfrastructure(): GlobalInfrastructure | undefined {
  const holder = globalThis as WithInfrastructure;
  const state = holder[KEY];
  delete holder[KEY];
  return state;
}
