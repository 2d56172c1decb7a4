import { GetStatsResponse, IngestServiceService, PublishEventsRequest, QueryServiceService, SortOrder, StoredEvent } from './index';

describe('generated contracts', () => {
  it('round-trips an event batch through the protobuf encoding, JSON text unchanged', () => {
    const eventsJson = ['{"session_id":"s","n":1.0,"big":12345678901234567890}', '{"x":"é ✓"}'];
    const bytes = PublishEventsRequest.encode({ eventsJson }).finish();
    expect(PublishEventsRequest.decode(bytes)).toEqual({ eventsJson });
  });

  it('keeps microsecond timestamps as text and counters as numbers', () => {
    const event = StoredEvent.fromPartial({ id: 'e1', timestamp: '2021-01-01T09:15:27.243860Z', dataJson: '{"host":"h"}' });
    expect(StoredEvent.decode(StoredEvent.encode(event).finish()).timestamp).toBe('2021-01-01T09:15:27.243860Z');
    const stats = GetStatsResponse.decode(GetStatsResponse.encode({ from: 'a', to: 'b', valid: 2 ** 40, invalid: 3, byType: [] }).finish());
    expect(stats.valid).toBe(2 ** 40);
  });

  it('declares the services under their fully qualified gRPC paths', () => {
    expect(IngestServiceService.publishEvents.path).toBe('/eye.v1.IngestService/PublishEvents');
    expect(IngestServiceService.validateEvent.path).toBe('/eye.v1.IngestService/ValidateEvent');
    expect(Object.values(QueryServiceService).map((method) => method.path).sort()).toEqual([
      '/eye.v1.QueryService/GetEvent',
      '/eye.v1.QueryService/GetSession',
      '/eye.v1.QueryService/GetStats',
      '/eye.v1.QueryService/GetStatsTimeline',
      '/eye.v1.QueryService/ListEventTypes',
      '/eye.v1.QueryService/ListEvents',
      '/eye.v1.QueryService/ListInvalidEvents',
    ]);
    expect(SortOrder.SORT_ORDER_DESC).toBe(2);
  });
});
