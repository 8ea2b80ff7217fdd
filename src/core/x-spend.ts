/** What X bills for a month's reads and posts, in US dollars (rounded to cents). */
export function estimatedCostUsd(
  u: { reads: number; posts: number },
  price: { read_usd: number; post_usd: number },
): number {
  return Math.round((u.reads * price.read_usd + u.posts * price.post_usd) * 100) / 100;
}
