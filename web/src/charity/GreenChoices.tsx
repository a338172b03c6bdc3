import { Card, Checkbox, Space, Typography } from 'antd';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { type GreenChoice, greenApi } from './api';

export type GreenChoiceId = GreenChoice['id'];

/**
 * The checkout's green choices (不要额外包装 ...): each with the green points it earns per parcel
 * and the CO2 estimate behind it; the estimate's basis is a tooltip away (the profile shows it too).
 */
export function GreenChoices({
  value,
  onChange,
  disabled,
}: {
  value: GreenChoiceId[];
  onChange: (next: GreenChoiceId[]) => void;
  disabled?: boolean;
}) {
  const { t, pick } = useI18n();
  const choices = useAsync(() => greenApi.choices(), []);
  if (!choices.data?.length) return null;
  return (
    <Card size="small" title={t('green.atCheckout')} style={{ margin: '12px 0' }} data-testid="green-choices">
      <Checkbox.Group
        value={value}
        disabled={disabled}
        onChange={(next) => onChange(next as GreenChoiceId[])}
        style={{ width: '100%' }}
      >
        <Space direction="vertical">
          {choices.data.map((c) => (
            <Checkbox key={c.id} value={c.id} data-testid={`green-choice-${c.id}`}>
              <span title={pick(c.basis)}>{t(`green.choice.${c.id}`)}</span>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {t('green.perParcel', { points: c.points, grams: c.co2Grams })}
              </Typography.Text>
            </Checkbox>
          ))}
        </Space>
      </Checkbox.Group>
    </Card>
  );
}
