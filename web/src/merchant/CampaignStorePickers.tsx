import { Card, Select, Space } from 'antd';
import type { CampaignRef, Rules, Store } from './api';
import { CampaignRulesSummary } from './CampaignRulesSummary';
import { useText } from './format';

/** A campaign open for enrollment, with the rules a store and its SKUs must meet. */
export interface OpenCampaign {
  campaign: CampaignRef;
  rules: Rules;
}

/**
 * Which campaign and which of the merchant's stores the page is about, and the chosen
 * campaign's rules. The choice lives in the URL (the page passes it in and is told of changes).
 */
export function CampaignStorePickers({
  campaigns,
  campaignsLoading,
  campaignId,
  onCampaignChange,
  stores,
  storesLoading,
  storeId,
  onStoreChange,
  rules,
}: {
  campaigns: OpenCampaign[];
  campaignsLoading: boolean;
  campaignId: string | undefined;
  onCampaignChange(id: string): void;
  stores: Store[];
  storesLoading: boolean;
  storeId: string | undefined;
  onStoreChange(id: string): void;
  rules: Rules | undefined;
}) {
  const { l, pick } = useText();
  return (
    <Card style={{ marginBottom: 16 }}>
      <Space wrap size={16}>
        <span>
          {l('活动', 'Campaign')}{' '}
          <Select
            data-testid="enroll-campaign"
            style={{ minWidth: 280 }}
            loading={campaignsLoading}
            value={campaignId}
            placeholder={l('暂无开放报名的活动', 'No campaign open for enrollment')}
            options={campaigns.map((o) => ({
              value: o.campaign.id,
              label: pick(o.campaign.title),
            }))}
            onChange={onCampaignChange}
          />
        </span>
        <span>
          {l('店铺', 'Store')}{' '}
          <Select
            data-testid="enroll-store"
            style={{ minWidth: 220 }}
            loading={storesLoading}
            value={storeId}
            placeholder={l('还没有店铺', 'No store yet')}
            options={stores.map((s) => ({
              value: s.id,
              label: `${s.name} · ${s.rating.toFixed(1)}`,
            }))}
            onChange={onStoreChange}
          />
        </span>
      </Space>
      {rules && <CampaignRulesSummary rules={rules} />}
    </Card>
  );
}
