import { Alert, App, Button, Card, Form, Result, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { cfpApi } from './api';
import { cfpErrorText, showFieldError } from './errors';
import { ProfileFields, profileInput } from './ProfileFields';
import { SignedIn } from './shared';

/** /cfp/invites/:token — the link of a co-speaker invitation mail: accept it with a profile for the event. */
export default function InvitePage() {
  return (
    <SignedIn>
      <Invite />
    </SignedIn>
  );
}

function Invite() {
  const { token = '' } = useParams();
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [accepted, setAccepted] = useState(false);
  const invite = useAsync(() => cfpApi.inviteByToken(token), [token]);

  if (invite.error)
    return <Alert type="error" showIcon data-testid="invite-error" title={cfpErrorText(t, invite.error)} />;
  if (!invite.data) return <Skeleton active />;
  const view = invite.data;
  if (accepted)
    return (
      <Result
        status="success"
        title={t('cfp.invite.accepted')}
        data-testid="invite-accepted"
        extra={
          <Link to="/me/proposals">
            <Button type="primary">{t('cfp.goMine')}</Button>
          </Link>
        }
      />
    );

  const accept = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      await cfpApi.acceptInvite(token, profileInput(values));
      setAccepted(true);
    } catch (e) {
      if (!showFieldError(t, form, e, (f) => (f.startsWith('profile') ? f : `profile.${f}`)))
        message.error(cfpErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const p = view.profile;
  return (
    <Card data-testid="invite-page" title={t('cfp.invite.title')} style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Paragraph>
        <span data-user-content>
          {t('cfp.invite.intro', {
            name: view.invitedBy,
            event: pick(view.eventTitle),
            proposal: view.proposalTitle,
          })}
        </span>
      </Typography.Paragraph>
      {view.status !== 'pending' ? (
        <Alert type="warning" showIcon title={t(`cfp.invite.status.${view.status}`)} />
      ) : (
        <Form
          form={form}
          layout="vertical"
          onFinish={accept}
          initialValues={{
            profile: p
              ? { name: p.name, bio: p.bio, company: p.company ?? '', photoUrl: p.photoUrl ?? '' }
              : {},
          }}
        >
          <ProfileFields />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="invite-accept">
            {t('cfp.invite.accept')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
