// Component tests run in jsdom: the DOM matchers, and browser APIs jsdom lacks: Node's own
// TextEncoder/TextDecoder (the router uses them), and a ResizeObserver for the chart library,
// which only measures with it (jsdom lays nothing out).
import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
import { TextDecoder, TextEncoder } from 'node:util';

// The machine is shared: give a first render (module loading included) more than the default 1 s.
configure({ asyncUtilTimeout: 5_000 });

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
