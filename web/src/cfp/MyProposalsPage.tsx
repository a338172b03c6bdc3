import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Input,
  List,
  Popconfirm,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Intent } from '../api';
import { useI18n } from '../app/i18n';
import { formatInZone } from '../app/time';
import { UserValue } from '../app/UserValue';
import { useAsync } from '../app/useAsync';
import { SpeakerFeedback } from '../programme/me/SpeakerFeedback';
import { cfpApi } from './api';
import { EditProposalDialog } from './EditProposalDialog';
import { cfpErrorText } from './errors';
import { SignedIn, StateTag, TrackTag, typeLabel } from './shared';
import type { CfpNotice, MyProposal } from './types';

const ZONE = 'Asia/Shanghai';
const WITHDRAWABLE = new Set(['submitted', 'accepted', 'confirmed']);

/**
 * /me/proposals — the speaker's proposals of every event: status, edit, withdraw, confirm, co-speakers;
 * the 听众反馈 tab (?tab=feedback) has the audience's ratings of their sessions once they are over.
 */
export default function MyProposalsPage() {
  return (
    <SignedIn>
      <MyProposals />
    </SignedIn>
  );
}

function MyProposals() {
  const { t } = useI18n();
  const proposals = useAsync(() => cfpApi.mine(), []);
  const notices = useAsync(() => cfpApi.notices(), []);
  const [editing, setEditing] = useState<MyProposal | null>(null);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'feedback' ? 'feedback' : 'proposals';

  const replace = (next: MyProposal) =>
    proposals.setData((proposals.data ?? []).map((p) => (p.id === next.id ? next : p)));

  return (
    <div data-testid="my-proposals-page" style={{ maxWidth: 960, margin: '0 auto' }}>
      <Typography.Title level={2}>{t('cfp.mine.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('cfp.mine.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'feedback' ? { tab: k } : {}, { replace: true })}
        items={[
          { key: 'proposals', label: <span data-testid="tab-proposals">{t('cfp.mine.tabProposals')}</span> },
          {
            key: 'feedback',
            label: <span data-testid="tab-speaker-feedback">{t('programme.speakerFeedback.tab')}</span>,
          },
        ]}
      />
      {tab === 'feedback' ? (
        <SpeakerFeedback />
      ) : (
        <>
          {(notices.data?.length ?? 0) > 0 && <Notices items={notices.data!} />}
          {proposals.error ? (
            <Alert type="error" showIcon title={cfpErrorText(t, proposals.error)} />
          ) : !proposals.data ? (
            <Skeleton active />
          ) : proposals.data.length === 0 ? (
            <Empty description={t('cfp.mine.empty')} />
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }} size={16}>
              {proposals.data.map((p) => (
                <ProposalCard key={p.id} proposal={p} onChange={replace} onEdit={() => setEditing(p)} />
              ))}
            </Space>
          )}
        </>
      )}
      {editing && (
        <EditProposalDialog
          proposal={editing}
          onClose={() => setEditing(null)}
          onSaved={(p) => {
            replace(p);
            setEditing(null);
          }}
        />
      )}
    </div>
  );
}

function Notices({ items }: { items: CfpNotice[] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('cfp.mine.notices')} style={{ marginBottom: 16 }} data-testid="cfp-notices">
      <List
        size="small"
        dataSource={items.slice(0, 5)}
        renderItem={(n) => (
          <List.Item data-testid="cfp-notice" data-kind={n.kind}>
            <span>
              <UserValue message={(title) => t(`cfp.notice.${n.kind}`, { title })} value={n.title} />
              {n.reason && (
                <Typography.Text type="secondary" data-user-content>
                  {' '}
                  {n.reason}
                </Typography.Text>
              )}
            </span>
            <Typography.Text type="secondary">{formatInZone(n.createdAt, ZONE)}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}

function ProposalCard({
  proposal: p,
  onChange,
  onEdit,
}: {
  proposal: MyProposal;
  onChange(p: MyProposal): void;
  onEdit(): void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [inviteEmail, setInviteEmail] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (what: string, work: () => Promise<MyProposal | undefined>, done: string) => {
    setBusy(what);
    try {
      const next = await work();
      if (next) onChange(next);
      message.success(done);
    } catch (e) {
      message.error(cfpErrorText(t, e));
    } finally {
      setBusy(null);
    }
  };

  const invite = () =>
    act(
      'invite',
      async () => {
        await new Intent().run((key) => cfpApi.invite(p.id, inviteEmail.trim(), key));
        setInviteEmail('');
        return cfpApi.proposal(p.id);
      },
      t('cfp.mine.inviteSent', { email: inviteEmail.trim() }),
    );

  return (
    <Card
      data-testid="my-proposal"
      data-proposal-id={p.id}
      data-state={p.state}
      title={
        <Space wrap>
          <StateTag state={p.state} />
          <span data-user-content data-testid="my-proposal-title">
            {p.title}
          </span>
        </Space>
      }
      extra={<Typography.Text type="secondary">{pick(p.eventTitle)}</Typography.Text>}
    >
      <Space size={[0, 6]} wrap style={{ marginBottom: 8 }}>
        <Tag>{typeLabel(t, pick, p.submissionType)}</Tag>
        {p.track && <TrackTag track={p.track} />}
        <Tag>{t(`cfp.level.${p.level}`)}</Tag>
        <Tag>{t(`cfp.language.${p.language}`)}</Tag>
        <Typography.Text type="secondary">
          {t('cfp.mine.submittedAt', { time: formatInZone(p.submittedAt, ZONE) })}
        </Typography.Text>
      </Space>
      <Typography.Paragraph data-user-content ellipsis={{ rows: 3, expandable: true }}>
        {p.abstract}
      </Typography.Paragraph>
      <Typography.Paragraph>
        {t('cfp.mine.speakers')}:{' '}
        <span data-user-content data-testid="my-proposal-speakers">
          {p.speakers.map((s) => (s.company ? `${s.name}（${s.company}）` : s.name)).join('、')}
        </span>
      </Typography.Paragraph>
      {p.decisionReason && (
        <Alert
          type={p.state === 'rejected' ? 'warning' : 'success'}
          style={{ marginBottom: 12 }}
          title={
            <span>
              {t('cfp.mine.reason', { reason: '' })}
              <span data-user-content>{p.decisionReason}</span>
            </span>
          }
        />
      )}
      {p.invites.length > 0 && (
        <div style={{ marginBottom: 12 }} data-testid="my-proposal-invites">
          {t('cfp.mine.invites')}:{' '}
          {p.invites.map((inv) => (
            <Tag key={inv.id} data-status={inv.status}>
              <span data-user-content>{inv.email}</span> · {t(`cfp.invite.status.${inv.status}`)}
              {inv.status === 'pending' && (
                <Button
                  type="link"
                  size="small"
                  onClick={() =>
                    act(
                      `revoke-${inv.id}`,
                      async () => {
                        await cfpApi.revokeInvite(inv.id);
                        return cfpApi.proposal(p.id);
                      },
                      t('cfp.mine.revoked'),
                    )
                  }
                >
                  {t('cfp.mine.revoke')}
                </Button>
              )}
            </Tag>
          ))}
        </div>
      )}
      <Space wrap>
        {p.canConfirm && (
          <Popconfirm
            title={t('cfp.mine.confirmTitle')}
            onConfirm={() =>
              act(
                'confirm',
                () => new Intent().run((key) => cfpApi.confirm(p.id, key)),
                t('cfp.mine.confirmed'),
              )
            }
            okButtonProps={{ 'data-testid': 'confirm-ok' } as never}
          >
            <Button type="primary" loading={busy === 'confirm'} data-testid="proposal-confirm">
              {t('cfp.mine.confirm')}
            </Button>
          </Popconfirm>
        )}
        {p.editable && (
          <Button onClick={onEdit} data-testid="proposal-edit">
            {t('cfp.mine.edit')}
          </Button>
        )}
        {WITHDRAWABLE.has(p.state) && (
          <Popconfirm
            title={t('cfp.mine.withdrawConfirm')}
            description={p.state === 'confirmed' ? t('cfp.mine.withdrawConfirmedWarn') : undefined}
            okButtonProps={{ danger: true, 'data-testid': 'withdraw-ok' } as never}
            onConfirm={() => act('withdraw', () => cfpApi.withdraw(p.id), t('cfp.mine.withdrawn'))}
          >
            <Button danger loading={busy === 'withdraw'} data-testid="proposal-withdraw">
              {t('cfp.mine.withdraw')}
            </Button>
          </Popconfirm>
        )}
        {p.editable && (
          <Space.Compact>
            <Input
              placeholder={t('cfp.form.email')}
              value={inviteEmail}
              onChange={(e) => setInviteEmail(e.target.value)}
              data-testid="invite-email"
              style={{ width: 220 }}
            />
            <Button
              onClick={invite}
              disabled={!inviteEmail.trim()}
              loading={busy === 'invite'}
              data-testid="invite-send"
            >
              {t('cfp.mine.invite')}
            </Button>
          </Space.Compact>
        )}
      </Space>
    </Card>
  );
}
