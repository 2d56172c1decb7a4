import { EyeNetworkError, EyeRequestError } from '@the-eye/client';
import { describeProblem } from './problems';

const refused = (status: number, code: string, message: string) => new EyeRequestError({ status, code, message });

describe('describeProblem', () => {
  it('names the scope a 403 lacks, as the request needed it', () => {
    expect(describeProblem(refused(403, 'forbidden', 'the token lacks the "ingest" scope'), 'ingest')).toMatchObject({ kind: 'forbidden', title: 'This token lacks the “ingest” scope' });
    expect(describeProblem(refused(403, 'forbidden', 'x')).title).toContain('“query”');
  });

  it('tells a rejected token, a refused request, a missing thing and an outage apart', () => {
    expect(describeProblem(refused(401, 'unauthenticated', 'unknown token')).kind).toBe('unauthenticated');
    expect(describeProblem(refused(400, 'invalid_query', 'from: must be an RFC 3339 date-time'))).toMatchObject({ kind: 'bad_request', detail: 'from: must be an RFC 3339 date-time' });
    expect(describeProblem(refused(404, 'not_found', 'no event')).kind).toBe('not_found');
    expect(describeProblem(refused(503, 'unavailable', 'down')).kind).toBe('unavailable');
    expect(describeProblem(refused(429, 'rate_limited', 'slow down')).kind).toBe('unavailable');
    expect(describeProblem(new EyeNetworkError('GET /v1/events: fetch failed')).kind).toBe('unavailable');
    expect(describeProblem(new Error('boom'))).toMatchObject({ kind: 'other', detail: 'boom' });
  });
});
