import { EnvironmentOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../app/i18n';
import { regionParts } from '../app/provinces';
import type { StoreOrigin } from './api';

/** A farm store's origin (产地) on its items in the venue, its tags a hover away (助农). */
export function OriginTag({ origin }: { origin: StoreOrigin }) {
  const { t, locale } = useI18n();
  // The province in the page's language; the place after it is the merchant's own words.
  const { province, rest } = regionParts(origin.region, locale);
  return (
    <Tooltip title={origin.tags.join(' · ') || undefined}>
      <Tag color="gold" icon={<EnvironmentOutlined />} data-testid="origin-tag">
        {t('trace.originTag', { region: province || rest })}
        {province && rest && <span data-user-content>·{rest}</span>}
      </Tag>
    </Tooltip>
  );
}
