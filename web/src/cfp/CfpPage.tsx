import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Result,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { campaignsApi, Intent, isApiError } from '../api';
import { useI18n } from '../app/i18n';
import { NotFound } from '../app/NotFound';
import { formatInZone } from '../app/time';
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { cfpApi } from './api';
import { cfpErrorText, showFieldError } from './errors';
import { ProfileFields, profileInput } from './ProfileFields';
import { ProposalFields, proposalInput } from './ProposalFields';
import { CfpStatusTag, TrackTag, typeLabel } from './shared';
import type { CfpPublic, MyProposal } from './types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** /events/:slug/cfp — the call's dates, tracks and types, and the submission form while it is open. */
export default function CfpPage() {
  const { slug = '' } = useParams();
  const { t, pick } = useI18n();
  const campaign = useAsync(() => campaignsApi.get(slug), [slug]);
  const eventId = campaign.data?.id;
  const cfp = useAsync(() => (eventId ? cfpApi.cfp(eventId) : Promise.resolve(null)), [eventId]);

  if (campaign.error && isApiError(campaign.error) && campaign.error.status === 404)
    return <NotFound title={t('event.notFound')} />;
  if (!campaign.data || cfp.loading) return <Skeleton active paragraph={{ rows: 8 }} />;
  const zone = campaign.data.timezone;
  return (
    <div data-testid="cfp-page" style={{ maxWidth: 920, margin: '0 auto' }}>
      <Typography.Title level={2}>
        {t('cfp.title')} · <Link to={`/events/${slug}`}>{pick(campaign.data.title)}</Link>
      </Typography.Title>
      {cfp.error || !cfp.data ? (
        <Alert
          type="info"
          showIcon
          data-testid="cfp-unavailable"
          title={
            isApiError(cfp.error) && cfp.error.status === 404
              ? t('cfp.notConfigured')
              : cfpErrorText(t, cfp.error)
          }
        />
      ) : (
        <>
          <CfpFacts cfp={cfp.data} zone={zone} />
          {cfp.data.status === 'open' ? (
            <SubmitArea cfp={cfp.data} />
          ) : (
            <Alert
              type={cfp.data.status === 'closed' ? 'warning' : 'info'}
              showIcon
              style={{ marginTop: 16 }}
              data-testid="cfp-not-open"
              title={
                cfp.data.status === 'closed'
                  ? t('cfp.closedNotice', { time: formatInZone(cfp.data.closesAt, zone) })
                  : t('cfp.notOpenYet', { time: formatInZone(cfp.data.opensAt, zone) })
              }
            />
          )}
        </>
      )}
    </div>
  );
}

function CfpFacts({ cfp, zone }: { cfp: CfpPublic; zone: string }) {
  const { t, pick } = useI18n();
  return (
    <Card data-testid="cfp-facts">
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'status', label: t('cfp.statusLabel'), children: <CfpStatusTag status={cfp.status} /> },
          {
            key: 'dates',
            label: t('cfp.window'),
            children: (
              <span data-testid="cfp-dates">
                {formatInZone(cfp.opensAt, zone)} – {formatInZone(cfp.closesAt, zone)}{' '}
                <Typography.Text type="secondary">{t('cfp.timeIn', { zone })}</Typography.Text>
              </span>
            ),
          },
          ...(cfp.tracks.length > 0
            ? [
                {
                  key: 'tracks',
                  label: t('cfp.tracks'),
                  children: (
                    <Space size={[0, 6]} wrap>
                      {cfp.tracks.map((tr) => (
                        <TrackTag key={tr.id} track={tr} />
                      ))}
                    </Space>
                  ),
                },
              ]
            : []),
          {
            key: 'types',
            label: t('cfp.types'),
            children: (
              <Space size={[0, 6]} wrap>
                {cfp.submissionTypes.map((ty) => (
                  <Tag key={ty.id}>{typeLabel(t, pick, ty)}</Tag>
                ))}
              </Space>
            ),
          },
          {
            key: 'criteria',
            label: t('cfp.criteria'),
            children: cfp.criteria.map((c) => pick(c.name)).join(' · '),
          },
        ]}
      />
      {cfp.anonymisedReview && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('cfp.anonymised')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function SubmitArea({ cfp }: { cfp: CfpPublic }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const intent = useMemo(() => new Intent(), []);
  const [done, setDone] = useState<MyProposal | null>(null);
  const [busy, setBusy] = useState(false);
  const profile = useAsync(() => (user ? cfpApi.profile(cfp.eventId) : Promise.resolve(null)), [user?.id]);

  if (!user) {
    const next = encodeURIComponent(window.location.pathname);
    return (
      <Card style={{ marginTop: 16 }} data-testid="cfp-sign-in">
        <Space>
          {t('cfp.signInToSubmit')}
          <Link to={`/login?next=${next}`}>
            <Button type="primary">{t('cfp.signIn')}</Button>
          </Link>
        </Space>
      </Card>
    );
  }
  if (done)
    return (
      <Result
        status="success"
        title={t('cfp.submitted')}
        data-testid="cfp-submitted"
        data-proposal-id={done.id}
        extra={
          <Link to="/me/proposals">
            <Button type="primary">{t('cfp.goMine')}</Button>
          </Link>
        }
      />
    );
  if (profile.loading) return <Skeleton active />;

  const onFinish = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      const proposal = await intent.run((key) =>
        cfpApi.submit(
          cfp.eventId,
          { ...proposalInput(values, cfp.submissionTypes), profile: profileInput(values) },
          key,
        ),
      );
      // Co-speakers are invited once the proposal exists; one refused address does not undo it.
      for (const email of (values.coSpeakers as string[] | undefined) ?? []) {
        try {
          await new Intent().run((key) => cfpApi.invite(proposal.id, email, key));
        } catch (e) {
          message.error(`${email}: ${cfpErrorText(t, e)}`);
        }
      }
      setDone(proposal);
    } catch (e) {
      if (!showFieldError(t, form, e)) message.error(cfpErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const p = profile.data;
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      data-testid="cfp-form"
      initialValues={{
        level: 'intermediate',
        language: locale,
        submissionTypeId: cfp.submissionTypes[0]?.id,
        profile: p
          ? { name: p.name, bio: p.bio, company: p.company ?? '', photoUrl: p.photoUrl ?? '' }
          : { name: user.displayName ?? '' },
      }}
      style={{ marginTop: 16 }}
    >
      <Card title={t('cfp.form.proposal')}>
        <ProposalFields types={cfp.submissionTypes} tracks={cfp.tracks} />
      </Card>
      <Card title={t('cfp.form.profile')} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">{t('cfp.form.profileHelp')}</Typography.Paragraph>
        <ProfileFields />
      </Card>
      <Card title={t('cfp.form.coSpeakers')} style={{ marginTop: 16 }}>
        <Form.Item
          name="coSpeakers"
          extra={t('cfp.form.coSpeakersHelp')}
          rules={[
            {
              validator: (_, v: string[] | undefined) =>
                (v ?? []).every((e) => EMAIL.test(e))
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('cfp.form.emailInvalid'))),
            },
          ]}
        >
          <Select
            mode="tags"
            tokenSeparators={[',', ' ', '，']}
            open={false}
            data-testid="proposal-cospeakers"
          />
        </Form.Item>
      </Card>
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        loading={busy}
        style={{ marginTop: 16 }}
        data-testid="proposal-submit"
      >
        {t('cfp.form.submit')}
      </Button>
    </Form>
  );
}
