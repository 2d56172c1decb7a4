import { Metadata, status, type ServiceError as GrpcServiceError } from '@grpc/grpc-js';
import { ERROR_CODES, STATUS_BY_CODE, codeForStatus, fromServiceError, hasErrorCode, ServiceError, toStatusObject } from './index';

function asClientError(statusObject: ReturnType<typeof toStatusObject>): GrpcServiceError {
  return Object.assign(new Error(statusObject.details ?? ''), {
    code: statusObject.code ?? status.UNKNOWN,
    details: statusObject.details ?? '',
    metadata: statusObject.metadata ?? new Metadata(),
  });
}

describe('stable codes across gRPC', () => {
  it.each(ERROR_CODES.filter((code) => code !== 'internal'))('carries %s through a status and back', (code) => {
    const sent = new ServiceError(code, `because ${code}`, [{ path: 'a', code: 'x' }]);
    const statusObject = toStatusObject(sent);
    expect(statusObject.code).toBe(STATUS_BY_CODE[code]);
    const received = fromServiceError(asClientError(statusObject));
    expect(received.code).toBe(code);
    expect(received.message).toBe(`because ${code}`);
    expect(received.details).toEqual([{ path: 'a', code: 'x' }]);
  });

  it('hides unexpected errors behind an internal status', () => {
    const statusObject = toStatusObject(new TypeError('secret stack detail'));
    expect(statusObject.code).toBe(status.INTERNAL);
    expect(statusObject.details).toBe('internal error');
  });

  it('names a code for statuses that arrive without one', () => {
    expect(codeForStatus(status.UNAVAILABLE)).toBe('unavailable');
    expect(codeForStatus(status.DEADLINE_EXCEEDED)).toBe('unavailable');
    expect(codeForStatus(status.UNAUTHENTICATED)).toBe('unauthenticated');
    expect(codeForStatus(status.DATA_LOSS)).toBe('internal');
    const unreachable = fromServiceError(asClientError({ code: status.UNAVAILABLE, details: 'No connection established' }));
    expect(unreachable.code).toBe('unavailable');
    expect(unreachable.message).toBe('a backend service is not reachable');
  });

  it("names the service, never grpc-js's text (addresses), for failures without a stable code", () => {
    const fail = (code: status, details: string) => fromServiceError(asClientError({ code, details }), 'the ingest service');
    expect(fail(status.UNAVAILABLE, 'connect ECONNREFUSED 127.0.0.1:50051')).toMatchObject({ code: 'unavailable', message: 'the ingest service is not reachable' });
    expect(fail(status.DEADLINE_EXCEEDED, 'Deadline exceeded after 10.001s')).toMatchObject({ code: 'unavailable', message: 'the ingest service did not answer in time' });
    expect(fail(status.INTERNAL, 'Received RST_STREAM with code 2 from 127.0.0.1:50051')).toMatchObject({ code: 'internal', message: 'the ingest service failed to answer' });
  });

  it('reads RESOURCE_EXHAUSTED without a stable code as unavailable, never as rate_limited', () => {
    const tooLarge = fromServiceError(asClientError({ code: status.RESOURCE_EXHAUSTED, details: 'Sent message larger than max (9437184 vs. 8388608)' }), 'the ingest service');
    expect(tooLarge).toMatchObject({ code: 'unavailable', message: 'the ingest service could not take the call now' });
    const limited = fromServiceError(asClientError(toStatusObject(new ServiceError('rate_limited', 'slow down'))));
    expect(limited.code).toBe('rate_limited');
  });

  it('recognises any error that names a contract code', () => {
    expect(hasErrorCode(Object.assign(new Error('x'), { code: 'forbidden' }))).toBe(true);
    expect(hasErrorCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(hasErrorCode({ code: 'forbidden' })).toBe(false);
  });
});
