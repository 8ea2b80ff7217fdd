/**
 * The once-only effect key of a ticket's card for one dispatch round (`keySuffix` marks a re-post,
 * e.g. in a group upgraded to a supergroup). Its record's `attempts > 1` says a send of that round
 * ended in doubt and was repeated: the one case where a second copy of the card may exist.
 */
export function cardEffectKey(ticketId: string, round: number, keySuffix = ""): string {
  return `card:${ticketId}:${round}${keySuffix}`;
}
