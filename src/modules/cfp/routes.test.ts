import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { conflict } from '../../platform/errors';
import type { SignedIn } from '../orders/test-fixtures';
import { type ConfirmedProposal, insertTrack } from '../programme';
import { summit } from '../tickets/test-fixtures';
import { key, lastMailTo, proposalBody, settingsBody, submitAs } from './test-fixtures';

/**
 * The call for proposals over HTTP: settings, submission and its refusals (window, fields,
 * profile), co-speaker invites, reviews (own proposal, anonymised answers), the dashboard's
 * figures, single and bulk decisions, and the confirm handoff (once per confirmation, also
 * under retries with one Idempotency-Key).
 */
describe.each(testDatabaseTargets())('cfp routes on $kind', (target) => {
  let h: Harness;
  let eventId: string;
  let organizer: SignedIn;
  let operator: SignedIn;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  let reviewer: SignedIn;
  let ai: string;
  let cloud: string;
  let talk: string;
  let workshop: string;
  let aliceProposal: string;
  let bobProposal: string;
  const confirmed: ConfirmedProposal[] = [];
  const withdrawn: string[] = [];

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    who: SignedIn | null,
    payload?: unknown,
    idem?: string,
  ): Promise<LightMyRequestResponse> =>
    h.app.inject({
      method,
      url,
      headers: { ...(who ? { cookie: who.cookie } : {}), ...(idem ? { 'idempotency-key': idem } : {}) },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const code = (res: LightMyRequestResponse) => `${res.statusCode} ${errorOf(res).code}`;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z', {
      limits: { cfpSubmitPerActor: { max: 20, windowSeconds: 3600 } },
    });
    ({ eventId, organizer, operator } = await summit(h, `cfp-${target.kind}`));
    ai = (await insertTrack(h.ctx.db, { eventId, nameZh: '人工智能', nameEn: 'AI', position: 0 })).id;
    cloud = (await insertTrack(h.ctx.db, { eventId, nameZh: '云原生', nameEn: 'Cloud native', position: 1 }))
      .id;
    alice = await h.signIn('consumer');
    bob = await h.signIn('merchant');
    carol = await h.signIn('consumer');
    reviewer = await h.signIn('consumer');
    h.services.cfp.useHandoffs({
      onConfirmed: async (_trx, p) => {
        confirmed.push(p);
      },
      onWithdrawn: async (_trx, id) => {
        withdrawn.push(id);
      },
    });
  }, 180_000);
  afterAll(() => h.close());

  it('lets only the organizer (or an operator) set the CfP up, with defaults and named fields', async () => {
    expect(code(await call('GET', `/api/events/${eventId}/cfp`, alice))).toBe('404 NOT_FOUND');
    expect(
      (await call('PUT', `/api/organizer/events/${eventId}/cfp`, alice, settingsBody())).statusCode,
    ).toBe(403);
    const other = await h.signIn('organizer');
    expect(
      (await call('PUT', `/api/organizer/events/${eventId}/cfp`, other, settingsBody())).statusCode,
    ).toBe(403);
    const backwards = await call(
      'PUT',
      `/api/organizer/events/${eventId}/cfp`,
      organizer,
      settingsBody({ closesAt: '2026-09-01T00:00:00+08:00' }),
    );
    expect(backwards.statusCode).toBe(400);
    expect(errorOf(backwards).details?.field).toBe('closesAt');
    const dup = await call(
      'PUT',
      `/api/organizer/events/${eventId}/cfp`,
      organizer,
      settingsBody({
        criteria: [
          { key: 'relevance', name: { 'zh-CN': '相关', 'en-US': 'R' } },
          { key: 'relevance', name: { 'zh-CN': '相关', 'en-US': 'R' } },
        ],
      }),
    );
    expect(errorOf(dup).details?.field).toBe('criteria.1.key');
    const ok = await call('PUT', `/api/organizer/events/${eventId}/cfp`, organizer, settingsBody());
    expect(ok.statusCode, ok.body).toBe(200);
    const cfp = ok.json().cfp;
    expect(cfp.criteria.map((c: { key: string }) => c.key)).toEqual(['relevance', 'novelty', 'clarity']);
    expect(
      cfp.submissionTypes.map((t: { kind: string; durationMinutes: number }) => [t.kind, t.durationMinutes]),
    ).toEqual([
      ['talk', 30],
      ['workshop', 90],
      ['keynote', 45],
      ['lightning', 10],
    ]);
    talk = cfp.submissionTypes[0].id;
    workshop = cfp.submissionTypes[1].id;
    const pub = await call('GET', `/api/events/${eventId}/cfp`, null);
    expect(pub.json().cfp).toMatchObject({ status: 'open', anonymisedReview: true });
    expect(pub.json().cfp.tracks.map((t: { id: string }) => t.id)).toEqual([ai, cloud]);
    expect((await call('GET', `/api/organizer/events/${eventId}/cfp`, operator)).statusCode).toBe(200);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', eventId)
      .where('action', '=', 'cfp.settings.create')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses submissions that name no profile, a wrong track or type, or seats for a talk', async () => {
    const url = `/api/events/${eventId}/proposals`;
    expect((await call('POST', url, null, proposalBody(talk, ai), key())).statusCode).toBe(401);
    expect(code(await call('POST', url, alice, proposalBody(talk, ai), key()))).toBe('422 PROFILE_REQUIRED');
    const profile = { name: 'Alice Zhang', company: 'Apsara Labs', bio: 'Alice builds inference engines' };
    const http = await call(
      'POST',
      url,
      alice,
      { ...proposalBody(talk, ai), profile: { ...profile, photoUrl: 'http://x.test/a.png' } },
      key(),
    );
    expect(http.statusCode).toBe(400);
    expect(errorOf(http).details?.field).toBe('profile.photoUrl');
    const cases: [object, string][] = [
      [proposalBody(talk, 'trk_nope'), 'trackId'],
      [proposalBody(talk, null), 'trackId'],
      [proposalBody('cst_nope', ai), 'submissionTypeId'],
      [proposalBody(talk, ai, { expectedAudience: 40 }), 'expectedAudience'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', url, carol, { ...body, profile }, key());
      expect(code(res)).toBe('422 INVALID_PROPOSAL');
      expect(errorOf(res).details?.field).toBe(field);
    }
    const noTitle = await call('POST', url, carol, { ...proposalBody(talk, ai), title: '', profile }, key());
    expect(errorOf(noTitle).details?.field).toBe('title');
  });

  it('creates one proposal per Idempotency-Key, with the submitter as its first speaker', async () => {
    const body = {
      ...proposalBody(workshop, ai, { expectedAudience: 40 }),
      profile: {
        name: 'Alice Zhang',
        company: 'Apsara Labs',
        bio: 'Alice builds inference engines',
        photoUrl: 'https://img.test/a.png',
      },
    };
    const k = key();
    const first = await call('POST', `/api/events/${eventId}/proposals`, alice, body, k);
    expect(first.statusCode, first.body).toBe(201);
    const again = await call('POST', `/api/events/${eventId}/proposals`, alice, body, k);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    const p = first.json().proposal;
    aliceProposal = p.id;
    expect(p).toMatchObject({ state: 'submitted', editable: true, isSubmitter: true, expectedAudience: 40 });
    expect(p.speakers.map((s: { name: string }) => s.name)).toEqual(['Alice Zhang']);
    const mine = await call('GET', '/api/me/proposals', alice);
    expect(mine.json().items.map((x: { id: string }) => x.id)).toEqual([aliceProposal]);
    bobProposal = await submitAs(h, bob, eventId, proposalBody(talk, ai, { title: 'eBPF 可观测性' }), {
      name: 'Bob Li',
      company: 'Bobcorp',
      bio: 'Bob runs kernels',
    });
  });

  it('lets speakers edit until the deadline; others may not', async () => {
    expect((await call('PATCH', `/api/proposals/${aliceProposal}`, carol, { title: 'x' })).statusCode).toBe(
      404,
    );
    expect(code(await call('PATCH', `/api/proposals/${aliceProposal}`, organizer, { title: 'x' }))).toBe(
      '403 NOT_SPEAKER',
    );
    expect((await call('GET', `/api/proposals/${aliceProposal}`, organizer)).statusCode).toBe(200);
    const empty = await call('PATCH', `/api/proposals/${aliceProposal}`, alice, {});
    expect(empty.statusCode).toBe(400);
    const ok = await call('PATCH', `/api/proposals/${aliceProposal}`, alice, {
      title: '大模型推理：从批处理到投机解码',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().proposal.title).toBe('大模型推理：从批处理到投机解码');
    const toTalk = await call('PATCH', `/api/proposals/${aliceProposal}`, alice, { submissionTypeId: talk });
    expect(errorOf(toTalk).details?.field).toBe('expectedAudience');
  });

  it('invites a co-speaker by mail; only that address accepts, once', async () => {
    const url = `/api/proposals/${aliceProposal}/invites`;
    expect(code(await call('POST', url, alice, { email: alice.email }, key()))).toBe('409 ALREADY_SPEAKER');
    const bad = await call('POST', url, alice, { email: 'not-mail' }, key());
    expect(errorOf(bad).details?.field).toBe('email');
    expect((await call('POST', url, bob, { email: carol.email }, key())).statusCode).toBe(404);
    const inv = await call('POST', url, alice, { email: carol.email }, key());
    expect(inv.statusCode, inv.body).toBe(201);
    expect(code(await call('POST', url, alice, { email: carol.email }, key()))).toBe('409 INVITE_PENDING');
    const mail = await lastMailTo(h, carol.email);
    const token = mail!.text.match(/\/cfp\/invites\/([A-Za-z0-9_-]+)/)![1]!;
    expect(code(await call('GET', `/api/cfp-invites/by-token/${token}`, bob))).toBe(
      '403 INVITE_WRONG_ACCOUNT',
    );
    const view = await call('GET', `/api/cfp-invites/by-token/${token}`, carol);
    expect(view.json().invite).toMatchObject({ status: 'pending', invitedBy: 'Alice Zhang', profile: null });
    expect(code(await call('POST', `/api/cfp-invites/by-token/${token}/accept`, carol, {}))).toBe(
      '422 PROFILE_REQUIRED',
    );
    const acc = await call('POST', `/api/cfp-invites/by-token/${token}/accept`, carol, {
      profile: { name: 'Carol Wu', company: 'Carolsoft', bio: 'Carol writes compilers' },
    });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json().proposal.speakers.map((s: { name: string }) => s.name)).toEqual([
      'Alice Zhang',
      'Carol Wu',
    ]);
    expect(code(await call('POST', `/api/cfp-invites/by-token/${token}/accept`, carol, {}))).toBe(
      '409 INVITE_NOT_PENDING',
    );
    const notices = await call('GET', '/api/me/cfp-notices', alice);
    expect(notices.json().items[0]).toMatchObject({ kind: 'invite.accepted', proposalId: aliceProposal });
  });

  it('limits proposal creation per user (429 past the limit)', async () => {
    const spammer = await h.signIn('consumer');
    const codes: number[] = [];
    for (let i = 0; i < 21; i++)
      codes.push((await call('POST', `/api/events/${eventId}/proposals`, spammer, {}, key())).statusCode);
    expect(new Set(codes.slice(0, 20))).toEqual(new Set([400]));
    expect(codes[20]).toBe(429);
  });

  it('appoints reviewers per track; a reviewer never reviews their own proposal', async () => {
    const base = `/api/organizer/events/${eventId}/cfp/reviewers`;
    expect(
      code(await call('POST', base, organizer, { email: 'nobody@test.local', trackIds: [ai] }, key())),
    ).toBe('422 UNKNOWN_USER');
    const badTrack = await call(
      'POST',
      base,
      organizer,
      { email: reviewer.email, trackIds: [ai, 'trk_x'] },
      key(),
    );
    expect(errorOf(badTrack).details?.field).toBe('trackIds.1');
    expect(
      (await call('POST', base, alice, { email: reviewer.email, trackIds: [ai] }, key())).statusCode,
    ).toBe(403);
    const made = await call('POST', base, organizer, { email: reviewer.email, trackIds: [ai, cloud] }, key());
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().items).toHaveLength(2);
    const again = await call('POST', base, organizer, { email: reviewer.email, trackIds: [ai] }, key());
    expect(again.json().items).toHaveLength(0);
    // Bob, a speaker, also reviews the AI track.
    await call('POST', base, organizer, { email: bob.email, trackIds: [ai] }, key());
    const queue = await call('GET', '/api/me/reviews', bob);
    expect(queue.json().items.map((i: { proposal: { id: string } }) => i.proposal.id)).toEqual([
      aliceProposal,
    ]);
    expect(code(await call('GET', `/api/review/proposals/${bobProposal}`, bob))).toBe('403 OWN_PROPOSAL');
    const own = await call('PUT', `/api/review/proposals/${bobProposal}/review`, bob, {
      scores: { relevance: 5, novelty: 5, clarity: 5 },
      comment: '',
    });
    expect(code(own)).toBe('403 OWN_PROPOSAL');
    expect(code(await call('GET', `/api/review/proposals/${bobProposal}`, carol))).toBe('403 NOT_REVIEWER');
  });

  it('scores every criterion 1–5, one review per reviewer, naming the field at fault', async () => {
    const url = `/api/review/proposals/${aliceProposal}/review`;
    const missing = await call('PUT', url, reviewer, { scores: { relevance: 5, clarity: 3 }, comment: '' });
    expect(code(missing)).toBe('422 INVALID_SCORES');
    expect(errorOf(missing).details?.field).toBe('scores.novelty');
    const extra = await call('PUT', url, reviewer, {
      scores: { relevance: 5, novelty: 4, clarity: 3, fun: 1 },
    });
    expect(errorOf(extra).details?.field).toBe('scores.fun');
    const high = await call('PUT', url, reviewer, { scores: { relevance: 6, novelty: 4, clarity: 3 } });
    expect(high.statusCode).toBe(400);
    expect(errorOf(high).details?.field).toBe('scores.relevance');
    const first = await call('PUT', url, reviewer, {
      scores: { relevance: 4, novelty: 4, clarity: 4 },
      comment: '好',
    });
    expect(first.statusCode, first.body).toBe(200);
    const edited = await call('PUT', url, reviewer, {
      scores: { relevance: 5, novelty: 4, clarity: 3 },
      comment: '很好',
    });
    expect(edited.json().review).toMatchObject({ id: first.json().review.id, average: 4, comment: '很好' });
    await call('PUT', url, bob, { scores: { relevance: 3, novelty: 4, clarity: 5 }, comment: '' });
    await call('PUT', `/api/review/proposals/${bobProposal}/review`, reviewer, {
      scores: { relevance: 2, novelty: 3, clarity: 4 },
      comment: '',
    });
    const rows = await h.ctx.db.selectFrom('cfp_reviews').select('id').execute();
    expect(rows).toHaveLength(3);
  });

  it('shows no speaker name, company, bio or e-mail in any reviewer answer when anonymised', async () => {
    const secrets = [
      'Alice Zhang',
      'Apsara Labs',
      'Alice builds inference engines',
      'Bob Li',
      'Bobcorp',
      'Bob runs kernels',
      'Carol Wu',
      'Carolsoft',
      'Carol writes compilers',
      alice.email,
      bob.email,
      carol.email,
    ];
    const answers = [
      await call('GET', '/api/me/reviews', reviewer),
      await call('GET', `/api/me/reviews?eventId=${eventId}`, reviewer),
      await call('GET', '/api/me/reviews', bob),
      await call('GET', `/api/review/proposals/${aliceProposal}`, reviewer),
      await call('GET', `/api/review/proposals/${bobProposal}`, reviewer),
      await call('GET', `/api/review/proposals/${aliceProposal}`, bob),
      await call('PUT', `/api/review/proposals/${aliceProposal}/review`, reviewer, {
        scores: { relevance: 5, novelty: 4, clarity: 3 },
        comment: '很好',
      }),
      await call('GET', `/api/review/proposals/${bobProposal}`, bob),
    ];
    for (const res of answers) for (const s of secrets) expect(res.body).not.toContain(s);
    expect(answers[0]!.json().items).toHaveLength(2);
    expect(answers[3]!.json().proposal.speakers).toBeNull();
    // Not anonymised: names and companies, still never an e-mail.
    await call(
      'PUT',
      `/api/organizer/events/${eventId}/cfp`,
      organizer,
      settingsBody({ anonymisedReview: false }),
    );
    const open = await call('GET', `/api/review/proposals/${aliceProposal}`, reviewer);
    expect(open.json().proposal.speakers.map((s: { name: string }) => s.name)).toEqual([
      'Alice Zhang',
      'Carol Wu',
    ]);
    expect(open.body).not.toContain(alice.email);
    await call('PUT', `/api/organizer/events/${eventId}/cfp`, organizer, settingsBody());
  });

  it('shows progress, averages, spreads and a ranking per track', async () => {
    expect((await call('GET', `/api/organizer/events/${eventId}/cfp/dashboard`, alice)).statusCode).toBe(403);
    const res = await call('GET', `/api/organizer/events/${eventId}/cfp/dashboard`, organizer);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    const aiTrack = d.tracks.find((t: { track: { id: string } | null }) => t.track?.id === ai);
    // Alice's: reviewer + Bob may review it (2); Bob's: only the reviewer (Bob is its speaker).
    expect(aiTrack).toMatchObject({ proposals: 2, reviewers: 2, reviewsDone: 3, reviewsNeeded: 3 });
    const [top, second] = aiTrack.ranked;
    expect(top).toMatchObject({ proposalId: aliceProposal, rank: 1, reviews: 2 });
    // Reviews (5,4,3) and (3,4,5): relevance 4 ± 1, novelty 4 ± 0, overall 4 ± 0.
    expect(top.criteria.relevance).toEqual({ average: 4, stdDev: 1 });
    expect(top.criteria.novelty).toEqual({ average: 4, stdDev: 0 });
    expect(top.overall).toEqual({ average: 4, stdDev: 0 });
    expect(second).toMatchObject({ proposalId: bobProposal, rank: 2, overall: { average: 3, stdDev: 0 } });
    expect(d.totals).toEqual({ proposals: 2, reviewsDone: 3, reviewsNeeded: 3 });
    const list = await call('GET', `/api/organizer/events/${eventId}/proposals?state=submitted`, organizer);
    expect(
      list
        .json()
        .items.map((p: { id: string }) => p.id)
        .sort(),
    ).toEqual([aliceProposal, bobProposal].sort());
  });

  it('decides once (audited, speakers told); reviews close; bulk decisions skip what is decided', async () => {
    const url = `/api/organizer/proposals/${aliceProposal}/decision`;
    expect((await call('POST', url, alice, { decision: 'accept' })).statusCode).toBe(403);
    const ok = await call('POST', url, organizer, { decision: 'accept', reason: '内容扎实' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().proposal).toMatchObject({
      state: 'accepted',
      decisionReason: '内容扎实',
      canConfirm: true,
    });
    expect(code(await call('POST', url, organizer, { decision: 'reject' }))).toBe('409 PROPOSAL_STATE');
    const late = await call('PUT', `/api/review/proposals/${aliceProposal}/review`, reviewer, {
      scores: { relevance: 1, novelty: 1, clarity: 1 },
    });
    expect(code(late)).toBe('409 REVIEW_CLOSED');
    expect((await lastMailTo(h, carol.email))!.subject).toContain('Proposal accepted');
    const notices = await call('GET', '/api/me/cfp-notices', carol);
    expect(notices.json().items[0]).toMatchObject({ kind: 'proposal.accepted', reason: '内容扎实' });
    const extra = await submitAs(
      h,
      carol,
      eventId,
      proposalBody(talk, cloud, { title: 'Serverless 冷启动' }),
      {
        name: 'Carol Wu',
      },
    );
    const bulk = await call('POST', `/api/organizer/events/${eventId}/cfp/decisions`, organizer, {
      proposalIds: [aliceProposal, bobProposal, extra, 'prp_missing'],
      decision: 'reject',
      reason: '名额有限',
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.json()).toEqual({
      decided: [bobProposal, extra],
      skipped: [
        { proposalId: aliceProposal, code: 'PROPOSAL_STATE', state: 'accepted' },
        { proposalId: 'prp_missing', code: 'NOT_FOUND' },
      ],
    });
    const audits = await h.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('entity_type', '=', 'cfp_proposal')
      .orderBy('at')
      .execute();
    // The manual clock stands still: the three rows share one instant, so compare them as a set.
    expect(audits.map((a) => a.action).sort()).toEqual([
      'cfp.proposal.accept',
      'cfp.proposal.reject',
      'cfp.proposal.reject',
    ]);
    expect(audits.filter((a) => a.action === 'cfp.proposal.reject').map((a) => a.reason)).toEqual([
      '名额有限',
      '名额有限',
    ]);
    expect(code(await call('POST', `/api/proposals/${bobProposal}/confirm`, bob, undefined, key()))).toBe(
      '409 PROPOSAL_STATE',
    );
  });

  it('hands a confirmed proposal to the programme exactly once, also under retries', async () => {
    expect(code(await call('POST', `/api/proposals/${aliceProposal}/confirm`, bob, undefined, key()))).toBe(
      '404 NOT_FOUND',
    );
    // A handoff that fails rolls the confirmation back.
    h.services.cfp.useHandoffs({
      onConfirmed: async () => {
        throw conflict('PROGRAMME_BUSY', 'try again');
      },
    });
    expect(code(await call('POST', `/api/proposals/${aliceProposal}/confirm`, alice, undefined, key()))).toBe(
      '409 PROGRAMME_BUSY',
    );
    expect((await call('GET', `/api/proposals/${aliceProposal}`, alice)).json().proposal.state).toBe(
      'accepted',
    );
    h.services.cfp.useHandoffs({
      onConfirmed: async (_trx, p) => {
        confirmed.push(p);
      },
      onWithdrawn: async (_trx, id) => {
        withdrawn.push(id);
      },
    });
    const k = key();
    const first = await call('POST', `/api/proposals/${aliceProposal}/confirm`, alice, undefined, k);
    expect(first.statusCode, first.body).toBe(200);
    const retry = await call('POST', `/api/proposals/${aliceProposal}/confirm`, alice, undefined, k);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(code(await call('POST', `/api/proposals/${aliceProposal}/confirm`, carol, undefined, key()))).toBe(
      '409 PROPOSAL_STATE',
    );
    expect(confirmed).toHaveLength(1);
    const speakers = (await call('GET', `/api/proposals/${aliceProposal}`, alice)).json().proposal.speakers;
    expect(confirmed[0]).toMatchObject({
      proposalId: aliceProposal,
      eventId,
      trackId: ai,
      kind: 'workshop',
      durationMinutes: 90,
      language: 'zh-CN',
      level: 'intermediate',
      expectedAudience: 40,
      title: '大模型推理：从批处理到投机解码',
    });
    expect(confirmed[0]!.speakers.map((s) => [s.profileId, s.name, s.email])).toEqual(
      speakers.map((s: { id: string; name: string; email: string }) => [s.id, s.name, s.email]),
    );
  });

  it('closes editing at the deadline; withdrawing a confirmed proposal cancels its session', async () => {
    h.clock.set('2026-11-15T00:00:00+08:00');
    const edit = await call('PATCH', `/api/proposals/${aliceProposal}`, alice, { title: 'late' });
    expect(code(edit)).toBe('409 CFP_CLOSED');
    const late = await call(
      'POST',
      `/api/events/${eventId}/proposals`,
      carol,
      proposalBody(talk, ai, { title: '太晚了' }),
      key(),
    );
    expect(code(late)).toBe('409 CFP_CLOSED');
    expect(errorOf(late).details).toMatchObject({ reason: 'closed' });
    expect((await call('GET', `/api/events/${eventId}/cfp`, null)).json().cfp.status).toBe('closed');
    expect(code(await call('POST', `/api/proposals/${bobProposal}/withdraw`, bob, {}))).toBe(
      '409 PROPOSAL_STATE',
    );
    const w = await call('POST', `/api/proposals/${aliceProposal}/withdraw`, carol, { reason: '时间冲突' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().proposal.state).toBe('withdrawn');
    expect(withdrawn).toEqual([aliceProposal]);
    expect(code(await call('POST', `/api/proposals/${aliceProposal}/withdraw`, alice, {}))).toBe(
      '409 PROPOSAL_STATE',
    );
    expect(confirmed).toHaveLength(1);
  });
});
