import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Skeleton, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { type Campaign, campaignsApi, isApiError, type Locale, seriesApi } from '../api';
import type { NamePath } from '../app/form-errors';
import { useI18n } from '../app/i18n';
import { NotFound } from '../app/NotFound';
import { useAsync } from '../app/useAsync';
import { useServerErrors } from '../app/useServerErrors';
import { useSession } from '../auth/session';
import { CampaignForm } from './CampaignForm';
import { type CampaignFormValues, newCampaignValues, toCampaignInput, toFormValues } from './form-model';
import { TransitionActions } from './TransitionActions';
import { TransitionHistory } from './TransitionHistory';

/** Create (`/console/campaigns/new`) or edit (`/console/campaigns/:id`) one event. */
export function CampaignEditorPage() {
  const { id } = useParams();
  const { t, pick } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onError = useServerErrors();
  const [form] = Form.useForm<CampaignFormValues>();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const [langTab, setLangTab] = useState<Locale>('zh-CN');

  const loaded = useAsync(() => (id ? campaignsApi.get(id) : Promise.resolve(null)), [id]);
  const { data: series } = useAsync(() => seriesApi.list().catch(() => []), []);
  const campaign = loaded.data ?? null;

  // A different campaign (or a fresh reload after a conflict) resets the form to it.
  useEffect(() => {
    if (campaign) form.setFieldsValue(toFormValues(campaign));
  }, [campaign, form]);

  const showOnTab = (paths: NamePath[]) => {
    const lang = paths.flat().find((p): p is Locale => p === 'zh-CN' || p === 'en-US');
    const first = paths[0];
    if (lang && first && ['title', 'summary', 'body'].includes(String(first[0]))) setLangTab(lang);
  };

  const save = async (values: CampaignFormValues) => {
    // Enter in a field submits too: one save at a time.
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    try {
      const input = toCampaignInput(values);
      if (!campaign) {
        const created = await campaignsApi.create(input);
        message.success(t('form.created'));
        navigate(`/console/campaigns/${created.id}`, { replace: true });
      } else {
        const updated = await campaignsApi.update(campaign.id, campaign.version, input);
        loaded.setData(updated);
        message.success(t('form.saved'));
      }
    } catch (e) {
      if (isApiError(e) && e.status === 409 && e.code === 'VERSION_CONFLICT') {
        message.warning(t('form.conflict'));
        loaded.reload();
      } else {
        showOnTab(onError(e, form));
      }
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  if (loaded.error) {
    if (isApiError(loaded.error) && loaded.error.status === 404) return <NotFound />;
    return <Alert type="error" showIcon title={t('common.error')} description={String(loaded.error)} />;
  }
  if (id && !campaign) return <Skeleton active paragraph={{ rows: 12 }} />;

  return (
    <div data-testid="campaign-editor" data-campaign-id={campaign?.id ?? ''}>
      <Link to="/console" style={{ display: 'inline-block', marginBottom: 8, color: '#595959' }}>
        <ArrowLeftOutlined /> {t('console.title')}
      </Link>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {campaign ? pick(campaign.title) || t('form.edit.title') : t('form.create.title')}
        </Typography.Title>
        {campaign?.kind === 'shopping_festival' && user?.role === 'operator' && (
          <Link to={`/console/campaigns/${campaign.id}/setup`}>
            <Button type="primary" data-testid="campaign-setup">
              {t('console.setup')}
            </Button>
          </Link>
        )}
      </div>
      <div className="console-grid">
        <CampaignForm
          key={campaign?.id ?? 'new'}
          form={form}
          initialValues={campaign ? toFormValues(campaign) : newCampaignValues()}
          series={series ?? []}
          saving={saving}
          langTab={langTab}
          onLangTab={setLangTab}
          onFinish={save}
        />
        {campaign && user && (
          <div>
            <TransitionActions
              campaign={campaign}
              role={user.role}
              onDone={(c: Campaign) => loaded.setData(c)}
            />
            <div style={{ height: 20 }} />
            <TransitionHistory campaignId={campaign.id} version={campaign.version} status={campaign.status} />
          </div>
        )}
      </div>
    </div>
  );
}
