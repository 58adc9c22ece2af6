/**
 * jsdom test environment with Node's fetch stack: jsdom has no fetch, and pane tests talk to a real HTTP server.
 * Node's fetch (undici) needs Node's own timers, AbortSignal, streams and performance, so those come from Node too;
 * ResizeObserver (absent in jsdom, used by Fluent's positioning) is a no-op: layout is not observable in jsdom.
 */
const { TestEnvironment } = require('jest-environment-jsdom');

const FROM_NODE = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'Blob',
  'File',
  'AbortController',
  'AbortSignal',
  'TextEncoder',
  'TextDecoder',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'structuredClone',
  'DOMException',
  'MessageChannel',
  'MessagePort',
  'BroadcastChannel',
  'performance',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'queueMicrotask',
];

class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

class JsdomWithNodeFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of FROM_NODE) {
      Object.defineProperty(this.global, name, { value: globalThis[name], writable: true, configurable: true });
    }
    this.global.ResizeObserver = NoopResizeObserver;
  }
}

module.exports = JsdomWithNodeFetch;
