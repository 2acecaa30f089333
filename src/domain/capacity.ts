/**
 * Caps on what requests hold open (mailbox waits, event streams): so many per sandbox, so many in
 * all. A tenant that hits its own cap is told to slow down (429); when the server as a whole is full,
 * everyone is told to come back (503). A slot is held until its release is called, exactly once.
 */
export type Refusal = 'sandbox' | 'server';

export class Capacity {
  private readonly held = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly perKey: number,
    private readonly overall: number,
  ) {}

  /** Takes a slot for `key`, returning its release; or says which cap refused it. */
  acquire(key: string): { release: () => void } | { refused: Refusal } {
    const mine = this.held.get(key) ?? 0;
    if (mine >= this.perKey) return { refused: 'sandbox' };
    if (this.total >= this.overall) return { refused: 'server' };
    this.held.set(key, mine + 1);
    this.total++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.held.get(key) ?? 1) - 1;
        if (left === 0) this.held.delete(key);
        else this.held.set(key, left);
      },
    };
  }

  heldBy(key: string): number {
    return this.held.get(key) ?? 0;
  }

  get inUse(): number {
    return this.total;
  }
}
