import { HeartFilled } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { Link } from 'react-router-dom';
import { useText, yuan } from '../merchant/format';

/** What a rule gives, in words: 每件捐 ¥2.00 / 成交额的 3% 捐出. */
export function ruleText(rule: { kind: 'fixed' | 'percent'; amount: number }, zh: boolean): string {
  if (rule.kind === 'fixed')
    return zh ? `每件捐 ${yuan(rule.amount)}` : `${yuan(rule.amount)} per unit donated`;
  const pct = `${(rule.amount / 100).toFixed(rule.amount % 100 === 0 ? 0 : 2)}%`;
  return zh ? `成交额 ${pct} 捐出` : `${pct} of the price donated`;
}

/** The 公益宝贝 badge: the rule, and the project it gives to (linked to its public page). */
export function CharityBadge({
  rule,
  project,
}: {
  rule: { kind: 'fixed' | 'percent'; amount: number };
  project: { id: string; titleZh: string; titleEn: string };
}) {
  const { zh, l } = useText();
  return (
    <Tooltip title={l(`捐给「${project.titleZh}」`, `Gives to “${project.titleEn}”`)}>
      <Link to={`/charity/projects/${project.id}`}>
        <Tag
          color="magenta"
          icon={<HeartFilled />}
          data-testid="charity-badge"
          style={{ marginInlineEnd: 0 }}
        >
          {l('公益宝贝', 'Charity item')} · {ruleText(rule, zh)}
        </Tag>
      </Link>
    </Tooltip>
  );
}
