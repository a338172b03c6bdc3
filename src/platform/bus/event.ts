/** A fact that happened, as carried by the outbox and the bus. `id` is the dedup key everywhere. */
export interface DomainEvent<T = unknown> {
  /** `evt_...`, minted by newId('evt') when the event is recorded. */
  id: string;
  /** Dotted name such as `campaign.published`; no wildcards. */
  topic: string;
  /** ISO 8601, from the injected clock at the time the event was recorded. */
  occurredAt: string;
  payload: T;
}

const TOKEN = /^[A-Za-z0-9_-]+$/;

/** Topics become NATS subject tokens, so the rules are NATS's: dotted, no spaces, no wildcards. */
export function assertTopic(topic: string): void {
  const tokens = topic.split('.');
  if (!tokens.every((t) => TOKEN.test(t))) throw new Error(`invalid event topic '${topic}'`);
}

/** `*` stands for exactly one token; a trailing `>` for one or more (the NATS rules). */
export function assertTopicPattern(pattern: string): void {
  const tokens = pattern.split('.');
  tokens.forEach((t, i) => {
    const ok = TOKEN.test(t) || t === '*' || (t === '>' && i === tokens.length - 1);
    if (!ok) throw new Error(`invalid topic pattern '${pattern}'`);
  });
}

export function topicMatches(pattern: string, topic: string): boolean {
  const p = pattern.split('.');
  const t = topic.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return t.length > i;
    if (i >= t.length) return false;
    if (p[i] !== '*' && p[i] !== t[i]) return false;
  }
  return p.length === t.length;
}

/**
 * Drops patterns another pattern in the list already covers, so one subscription never gets the
 * same event twice through two overlapping filters (`campaign.*` and `campaign.published`).
 */
export function normalizePatterns(patterns: string[]): string[] {
  const unique = [...new Set(patterns)];
  unique.forEach(assertTopicPattern);
  return unique.filter((p) => !unique.some((q) => q !== p && patternCovers(q, p)));
}

/** Whether every topic `inner` matches is also matched by `outer`. */
function patternCovers(outer: string, inner: string): boolean {
  const o = outer.split('.');
  const n = inner.split('.');
  for (let i = 0; i < o.length; i++) {
    if (o[i] === '>') return n.length > i;
    if (i >= n.length) return false;
    if (n[i] === '>') return false;
    if (o[i] !== '*' && o[i] !== n[i]) return false;
  }
  return o.length === n.length;
}
