import { EnvironmentOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../app/i18n';
import type { StoreOrigin } from './api';

/** A farm store's origin (产地) on its items in the venue, its tags a hover away (助农). */
export function OriginTag({ origin }: { origin: StoreOrigin }) {
  const { t } = useI18n();
  return (
    <Tooltip title={origin.tags.join(' · ') || undefined}>
      <Tag color="gold" icon={<EnvironmentOutlined />} data-testid="origin-tag">
        {t('trace.originTag', { region: origin.region })}
      </Tag>
    </Tooltip>
  );
}
