// Component tests run in jsdom: the DOM matchers, and browser APIs jsdom lacks: Node's own
// TextEncoder/TextDecoder (the router uses them), and a ResizeObserver for the chart library,
// which only measures with it (jsdom lays nothing out).
import '@testing-library/jest-dom';
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });

class NoLayoutResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

globalThis.ResizeObserver ??= NoLayoutResizeObserver as unknown as typeof ResizeObserver;

afterEach(() => {
  sessionStorage.clear();
});
