/**
 * The node's events, for every adapter (bridge sockets, IPC) to forward. A listener that throws is
 * reported to `onListenerError` and never reaches the code that emitted (the store, the network).
 */
import type { NodeEvent } from './api.js';

export type NodeEventListener = (event: NodeEvent) => void;

export class NodeEvents {
  private readonly listeners = new Set<NodeEventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = (error) => console.error('node event listener:', error)) {}

  /** Calls `listener` with every event from now on; returns the function that stops it. */
  on(listener: NodeEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: NodeEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
