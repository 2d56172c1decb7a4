import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { parsePrometheusText, PrometheusTextError, sampleValue } from './prometheus-text';

describe('parsePrometheusText', () => {
  it('reads what prom-client writes: families, types, help, labels and histogram series', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'eye-test' });
    const requests = new Counter({ name: 'eye_t_requests_total', help: 'Requests.', labelNames: ['route', 'status'], registers: [registry] });
    const latency = new Histogram({ name: 'eye_t_seconds', help: 'Latency.', labelNames: ['route'], buckets: [0.1, 1], registers: [registry] });
    new Gauge({ name: 'eye_t_pending', help: 'Pending "things"\\with\nnewlines.', registers: [registry] }).set(7);
    requests.inc({ route: '/v1/events/:id', status: '202' }, 3);
    requests.inc({ route: 'a "quoted" \\ route\n', status: '400' });
    latency.observe({ route: '/x' }, 0.05);
    latency.observe({ route: '/x' }, 5);

    const families = parsePrometheusText(await registry.metrics());

    expect(families.get('eye_t_requests_total')).toMatchObject({ type: 'counter', help: 'Requests.' });
    expect(sampleValue(families, 'eye_t_requests_total', { route: '/v1/events/:id', status: '202', service: 'eye-test' })).toBe(3);
    expect(sampleValue(families, 'eye_t_requests_total', { route: 'a "quoted" \\ route\n' })).toBe(1);
    expect(sampleValue(families, 'eye_t_requests_total')).toBe(4);
    expect(families.get('eye_t_seconds')?.type).toBe('histogram');
    expect(sampleValue(families, 'eye_t_seconds_bucket', { route: '/x', le: '0.1' })).toBe(1);
    expect(sampleValue(families, 'eye_t_seconds_bucket', { route: '/x', le: '+Inf' })).toBe(2);
    expect(sampleValue(families, 'eye_t_seconds_count', { route: '/x' })).toBe(2);
    expect(sampleValue(families, 'eye_t_seconds_sum', { route: '/x' })).toBeCloseTo(5.05);
    expect(sampleValue(families, 'eye_t_pending')).toBe(7);
    expect(sampleValue(families, 'eye_t_requests_total', { status: '500' })).toBe(0);
  });

  it('reads special values as Go does: +Inf, -Inf and NaN in any case', () => {
    const families = parsePrometheusText('# TYPE g gauge\ng{k="a"} +Inf\ng{k="b"} -Inf\ng{k="c"} Nan\ng{k="d"} NaN 1700000000000\n');
    expect(families.get('g')?.samples.map((sample) => sample.value)).toEqual([Infinity, -Infinity, NaN, NaN]);
  });

  it.each([
    ['a sample without # TYPE', 'orphan_total 1\n'],
    ['a bad metric name', '# TYPE 1bad counter\n1bad 1\n'],
    ['an unknown type', '# TYPE x gaugey\nx 1\n'],
    ['an unquoted label value', '# TYPE x counter\nx{a=1} 1\n'],
    ['an unclosed label set', '# TYPE x counter\nx{a="1" 1\n'],
    ['a label given twice', '# TYPE x counter\nx{a="1",a="2"} 1\n'],
    ['a value that is not a number', '# TYPE x counter\nx one\n'],
    ['trailing text', '# TYPE x counter\nx 1 2 3\n'],
    ['buckets that decrease', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 1\n'],
    ['a +Inf bucket that differs from _count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 1\nh_sum 1\n'],
  ])('rejects %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow(PrometheusTextError);
  });
});
