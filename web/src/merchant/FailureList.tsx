import { Space, Tag, Typography } from 'antd';
import type { RuleFailure } from './api';
import { showValue, useText } from './format';

/** Every failure of one SKU (or of the store, when sku is absent), explained in a line each. */
export function FailureList({ failures }: { failures: RuleFailure[] }) {
  const { tx } = useText();
  return (
    <Space direction="vertical" size={2}>
      {failures.map((f, i) => (
        <Typography.Text
          key={`${f.rule}-${f.sku ?? ''}-${f.field ?? i}`}
          type="danger"
          data-testid={`failure-${f.sku ?? 'store'}`}
          data-rule={f.rule}
          title={f.message}
        >
          <Tag color="red">{f.rule}</Tag>
          {tx(`rule.${f.rule}`)}: {tx('needed')} {showValue(f.rule, f.needed)}, {tx('given')}{' '}
          {showValue(f.rule, f.given)}
        </Typography.Text>
      ))}
    </Space>
  );
}
