/**
 * With a running clock, real time passing makes work due: one timer per sandbox wakes it when its next
 * job is due (the wake-up opens the sandbox, which runs what fell due). A frozen clock needs none.
 */
import type { SimClockState } from '../domain/clock.js';
import type { Sandbox } from './sandbox.js';

export class WakeUps {
  /** Each sandbox's wake-up, with the due time and clock it was set for. */
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; next: number; clock: SimClockState }>();

  /** `wake(id)` runs when the sandbox's next job falls due. */
  constructor(private readonly wake: (sandboxId: string) => void) {}

  arm(sandbox: Sandbox): void {
    const next = sandbox.store.jobs.nextDueMs();
    const clock = sandbox.clock();
    const armed = this.timers.get(sandbox.id);
    // Most requests change neither: the wake-up already set stays (no timer churn per request).
    if (armed && armed.next === next && armed.clock === clock) return;
    this.disarm(sandbox.id);
    if (next === null || clock.frozen) return;
    const delay = Math.min(Math.max(0, next - sandbox.nowMs()) + 1, 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(sandbox.id);
      this.wake(sandbox.id);
    }, delay);
    timer.unref();
    this.timers.set(sandbox.id, { timer, next, clock });
  }

  disarm(id: string): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t.timer);
    this.timers.delete(id);
  }

  disarmAll(): void {
    for (const id of [...this.timers.keys()]) this.disarm(id);
  }
}
