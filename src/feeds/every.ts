import { feedsError } from "./errors.js";

/** `--every`: a duration as 90s, 30m, 6h or 1d (at least 1 s), in seconds; FEED_BAD_CONFIG otherwise. */
export function parseEvery(text: string): number {
  const match = /^\s*(\d+)\s*([smhd])\s*$/i.exec(text);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match?.[2] ?? "").toLowerCase()];
  const seconds = match && unit ? Number(match[1]) * unit : 0;
  if (!Number.isSafeInteger(seconds) || seconds < 1)
    throw feedsError("FEED_BAD_CONFIG", "feeds:badEvery", { every: text });
  return seconds;
}

/** Seconds written back as the shortest of d, h, m, s that is whole. */
export function formatEvery(seconds: number): string {
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
