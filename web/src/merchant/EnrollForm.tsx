import { Button, Card, Checkbox, Space } from 'antd';
import type { Rules } from './api';
import { describePromotion, useText } from './format';

/** Enrolling a store: tick the promotions it commits to (the required ones are ticked and locked). */
export function EnrollForm({
  rules,
  storeName,
  commitments,
  onCommitmentsChange,
  busy,
  onEnroll,
}: {
  rules: Rules | undefined;
  storeName: string;
  commitments: string[];
  onCommitmentsChange(ids: string[]): void;
  busy: boolean;
  onEnroll(): void;
}) {
  const { zh, l } = useText();
  return (
    <Card title={l('报名', 'Enroll')} style={{ marginBottom: 16 }} data-testid="enroll-card">
      <Space direction="vertical">
        <span>
          {l(
            '承诺参与以下活动玩法（必选项已勾选）：',
            'Commit to these promotions (required ones are ticked):',
          )}
        </span>
        <Checkbox.Group
          value={commitments}
          onChange={(v) => onCommitmentsChange(v as string[])}
          options={(rules?.promotions ?? []).map((p) => ({
            value: p.id,
            label: describePromotion(p, zh),
            disabled: rules?.requiredPromotionIds.includes(p.id),
          }))}
        />
        <Button type="primary" loading={busy} onClick={onEnroll} data-testid="enroll-submit">
          {l(`以「${storeName}」报名`, `Enroll ${storeName}`)}
        </Button>
      </Space>
    </Card>
  );
}
