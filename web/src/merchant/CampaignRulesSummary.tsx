import { Descriptions, Space, Tag } from 'antd';
import { useAsync } from '../app/useAsync';
import { merchantApi, type Rules } from './api';
import { describePromotion, useText } from './format';

/** A campaign's enrollment rules at a glance: window, store bar, real-discount cap, promotions (required ones highlighted). */
export function CampaignRulesSummary({ rules }: { rules: Rules }) {
  const { zh, l, pick } = useText();
  const categories = useAsync(() => merchantApi.categories(), []);
  const categoryName = (code: string) => {
    const c = categories.data?.find((x) => x.code === code);
    return c ? pick(c.name) : '';
  };
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 16 }}>
      <Descriptions.Item label={l('报名时间', 'Window')}>
        {new Date(rules.opensAt).toLocaleString()} – {new Date(rules.closesAt).toLocaleString()}
      </Descriptions.Item>
      <Descriptions.Item label={l('店铺要求', 'Store')}>
        {l('评分', 'rating')} ≥ {rules.minRating.toFixed(1)}
        {rules.eligibleCategories.length > 0 &&
          categories.data &&
          ` · ${rules.eligibleCategories
            .map(categoryName)
            .filter(Boolean)
            .join(zh ? '、' : ', ')}`}
      </Descriptions.Item>
      <Descriptions.Item label={l('真实折扣', 'Real discount')}>
        {l(
          `活动价 ≤ 近30天最低价的 ${rules.maxPriceBp / 100}%`,
          `campaign price ≤ ${rules.maxPriceBp / 100}% of the 30-day lowest price`,
        )}
      </Descriptions.Item>
      <Descriptions.Item label={l('活动玩法', 'Promotions')}>
        <Space wrap>
          {rules.promotions.map((p) => (
            <Tag key={p.id} color={rules.requiredPromotionIds.includes(p.id) ? 'volcano' : 'default'}>
              {describePromotion(p, zh)}
            </Tag>
          ))}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
}
