import type { Slots } from "./cidr-table.js";

/**
 * The slots one lookup found, in a buffer reused for every lookup so the per-event path
 * allocates nothing. A value seldom hits more than a few indicators; the buffer grows if it must.
 */
export class HitBuffer {
  slots = new Int32Array(64);
  count = 0;

  /** Empties the buffer for the next lookup. */
  reset(): void {
    this.count = 0;
  }

  /** Adds one slot or a list of them. */
  add(found: Slots): void {
    if (typeof found === "number") {
      if (this.count === this.slots.length) this.grow();
      this.slots[this.count++] = found;
      return;
    }
    for (const s of found) {
      if (this.count === this.slots.length) this.grow();
      this.slots[this.count++] = s;
    }
  }

  private grow(): void {
    const next = new Int32Array(this.slots.length * 2);
    next.set(this.slots);
    this.slots = next;
  }
}
