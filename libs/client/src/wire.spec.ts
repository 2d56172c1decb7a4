import { utf8Length } from './wire';

describe('utf8Length', () => {
  const samples = ['', 'plain', 'ünïcødé', '👁 The Eye', JSON.stringify({ data: { path: '/çà' } })];

  it('counts UTF-8 bytes like Buffer in Node.js', () => {
    for (const text of samples) expect(utf8Length(text)).toBe(Buffer.byteLength(text));
  });

  it('counts the same without Buffer, as in a browser', () => {
    const saved = globalThis.Buffer;
    try {
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      expect(samples.map(utf8Length)).toEqual(samples.map((text) => saved.byteLength(text)));
    } finally {
      globalThis.Buffer = saved;
    }
  });
});
