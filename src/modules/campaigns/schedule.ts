import type { CampaignDraft } from './model';

export interface RuleIssue {
  field: string;
  code: string;
  message: string;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Phases must each be a real interval, lie inside the event, and not overlap one another
 * (adjacent is fine: one phase may end at the instant the next begins). Keys are unique.
 */
export function validateSchedule(
  draft: Pick<CampaignDraft, 'startsAt' | 'endsAt' | 'phases' | 'timezone'>,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (!isValidTimeZone(draft.timezone))
    issues.push({
      field: 'timezone',
      code: 'INVALID_TIME_ZONE',
      message: `${draft.timezone} is not an IANA time zone`,
    });
  const start = Date.parse(draft.startsAt);
  const end = Date.parse(draft.endsAt);
  if (!(start < end))
    issues.push({ field: 'endsAt', code: 'ENDS_BEFORE_START', message: 'endsAt must be after startsAt' });

  const seen = new Set<string>();
  draft.phases.forEach((p, i) => {
    const ps = Date.parse(p.startsAt);
    const pe = Date.parse(p.endsAt);
    if (seen.has(p.key))
      issues.push({
        field: `phases.${i}.key`,
        code: 'DUPLICATE_PHASE',
        message: `phase key ${p.key} is used twice`,
      });
    seen.add(p.key);
    if (!(ps < pe))
      issues.push({
        field: `phases.${i}.endsAt`,
        code: 'PHASE_ENDS_BEFORE_START',
        message: 'a phase must end after it starts',
      });
    if (ps < start || pe > end)
      issues.push({
        field: `phases.${i}.startsAt`,
        code: 'PHASE_OUTSIDE_EVENT',
        message: `phase ${p.key} must lie inside the event`,
      });
  });

  const order = draft.phases
    .map((p, i) => ({ i, s: Date.parse(p.startsAt), e: Date.parse(p.endsAt) }))
    .sort((a, b) => a.s - b.s);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]!;
    const cur = order[k]!;
    if (cur.s < prev.e)
      issues.push({
        field: `phases.${cur.i}.startsAt`,
        code: 'PHASES_OVERLAP',
        message: `phase ${draft.phases[cur.i]!.key} overlaps phase ${draft.phases[prev.i]!.key}`,
      });
  }
  return issues;
}
