import type { ReactNode } from "react";

/**
 * A table that may be wider than a phone's screen: it scrolls sideways inside this region, which
 * takes the keyboard focus (arrow keys scroll it) and is named for screen readers.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
