import type { CDPSession } from '@playwright/test';

/**
 * Commands to targets attached without flattening (so Playwright's own
 * sessions are left alone): each goes through `Target.sendMessageToTarget`
 * and its answer comes back as a `Target.receivedMessageFromTarget` message
 * with the command's id. Only whether it was answered matters here.
 */
export interface ChildMessenger {
  /** Resolves when the target answers (with a result or an error), or at once when the message cannot be sent. */
  send(sessionId: string, method: string, params?: Record<string, unknown>): Promise<void>;
  /** Takes an answer to one of our commands; false for anything else (an event). */
  answered(message: { id?: unknown }): boolean;
  /** Resolves every command still waiting (detaching). */
  releaseAll(): void;
}

export function childMessenger(session: CDPSession): ChildMessenger {
  const pending = new Map<number, () => void>();
  let nextId = 1;
  return {
    send(sessionId, method, params = {}) {
      const id = nextId++;
      return new Promise<void>((resolve) => {
        pending.set(id, resolve);
        session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => {
          pending.delete(id);
          resolve();
        });
      });
    },
    answered(message) {
      if (typeof message.id !== 'number') return false;
      pending.get(message.id)?.();
      pending.delete(message.id);
      return true;
    },
    releaseAll() {
      for (const resolve of pending.values()) resolve();
      pending.clear();
    },
  };
}
