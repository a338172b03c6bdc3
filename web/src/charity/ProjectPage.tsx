import { FileTextOutlined, HeartFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  Card,
  Col,
  Descriptions,
  Empty,
  Image,
  Progress,
  Row,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useParams } from 'react-router-dom';
import { isApiError } from '../api';
import { useI18n } from '../app/i18n';
import { NotFound } from '../app/NotFound';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { useText, yuan } from '../merchant/format';
import { charityApi, langOf, localText, type ProjectPage as Page } from './api';
import { charityErrorText } from './errors';

type Disbursement = Page['disbursements'][number];
/** Shown where a photo cannot be loaded (an offline demo, a moved file). */
const PHOTO_FALLBACK = `data:image/svg+xml;utf8,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120"><rect width="160" height="120" fill="#fff0f6"/><text x="80" y="66" font-size="16" text-anchor="middle" fill="#c41d7f">♥</text></svg>',
)}`;
type Quarter = Page['quarters'][number];

/**
 * A project's public page: what it raised (donations accrued from charity items), from how many
 * donors, what is held in escrow, each disbursement to the charity with its purpose and log entry,
 * progress updates with photos, and the quarterly disclosure (page and CSV).
 */
export default function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { zh, l } = useText();
  const page = useAsync(() => charityApi.project(id), [id]);

  if (page.error) {
    if (isApiError(page.error) && page.error.status === 404)
      return <NotFound title={l('没有这个公益项目', 'No such charity project')} />;
    return <Alert type="error" showIcon title={charityErrorText(t, page.error)} />;
  }
  const p = page.data;
  if (!p) return <Skeleton active paragraph={{ rows: 10 }} />;
  const percent = Math.min(100, Math.floor((p.raised * 100) / Math.max(1, p.project.targetAmount)));
  const statusTag = {
    draft: <Tag>{l('草稿', 'Draft')}</Tag>,
    fundraising: <Tag color="magenta">{l('募捐中', 'Fundraising')}</Tag>,
    closed: <Tag>{l('已结束', 'Closed')}</Tag>,
  }[p.project.status];

  return (
    <div data-testid="project-page">
      <Typography.Title level={2} data-testid="project-title">
        <HeartFilled style={{ color: '#eb2f96' }} /> {zh ? p.project.titleZh : p.project.titleEn} {statusTag}
      </Typography.Title>
      <Typography.Paragraph {...langOf(zh, p.project.descriptionEn)}>
        {localText(zh, p.project.description, p.project.descriptionEn)}
      </Typography.Paragraph>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} md={16}>
          <Card>
            <div style={{ display: 'flex', gap: 40, flexWrap: 'wrap', marginBottom: 12 }}>
              <Statistic
                title={l('已筹善款', 'Raised')}
                valueRender={() => (
                  <span className="shop-price num" style={{ fontSize: 30 }} data-testid="project-raised">
                    {yuan(p.raised)}
                  </span>
                )}
              />
              <Statistic
                title={l('爱心人次', 'Donors')}
                valueRender={() => <span data-testid="project-donors">{p.donors}</span>}
              />
              <Statistic
                title={l('已拨付', 'Disbursed')}
                valueRender={() => <span className="num">{yuan(p.disbursed)}</span>}
              />
              <Statistic
                title={l('托管余额', 'In escrow')}
                valueRender={() => (
                  <span className="num" data-testid="project-escrow">
                    {yuan(p.escrow)}
                  </span>
                )}
              />
            </div>
            <Progress percent={percent} strokeColor="#eb2f96" />
            <Typography.Text type="secondary">
              {l(`目标 ${yuan(p.project.targetAmount)}`, `Target ${yuan(p.project.targetAmount)}`)}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card
            title={
              <>
                <SafetyCertificateOutlined /> {l('执行机构', 'Charity')}
              </>
            }
          >
            <Descriptions column={1} size="small">
              <Descriptions.Item label={l('名称', 'Name')}>
                <span data-testid="project-charity">{zh ? p.charity.nameZh : p.charity.nameEn}</span>
              </Descriptions.Item>
              <Descriptions.Item label={l('统一社会信用代码', 'Credit code')}>
                {p.charity.creditCode}
              </Descriptions.Item>
              <Descriptions.Item label={l('资质', 'Status')}>
                {p.charity.status === 'verified' ? (
                  <Tag color="success">{l('平台已审核', 'Verified')}</Tag>
                ) : (
                  <Tag>{p.charity.status}</Tag>
                )}
                {p.charity.publicFundraising && (
                  <Tag color="blue">{l('具有公开募捐资格', 'Public fundraising')}</Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={l('受益对象', 'Beneficiaries')}>
                <span {...langOf(zh, p.project.beneficiariesEn)}>
                  {localText(zh, p.project.beneficiaries, p.project.beneficiariesEn)}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={l('地区', 'Region')}>
                <span {...langOf(zh, p.project.regionEn)}>
                  {localText(zh, p.project.region, p.project.regionEn)}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={l('时间', 'Dates')}>
                {p.project.startsOn} ~ {p.project.endsOn}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>

      <Card
        title={l('善款拨付', 'Disbursements')}
        style={{ marginBottom: 16 }}
        styles={{ body: { padding: 0 } }}
      >
        <Table<Disbursement>
          rowKey="id"
          dataSource={p.disbursements}
          pagination={false}
          onRow={() => ({ 'data-testid': 'disbursement-row' }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: l('还没有拨付', 'Nothing disbursed yet') }}
          columns={[
            {
              title: l('时间', 'When'),
              dataIndex: 'createdAt',
              width: 150,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: l('用途', 'Purpose'),
              dataIndex: 'purpose',
              render: (v: string, d: Disbursement) => (
                <span {...langOf(zh, d.purposeEn)}>{localText(zh, v, d.purposeEn)}</span>
              ),
            },
            {
              title: l('金额', 'Amount'),
              dataIndex: 'amount',
              align: 'right',
              width: 120,
              render: (v: number) => <span className="num">{yuan(v)}</span>,
            },
            {
              title: l('透明日志', 'Log entry'),
              dataIndex: 'logIndex',
              width: 110,
              render: (v: number) => <Typography.Text code>#{v}</Typography.Text>,
            },
          ]}
        />
      </Card>

      <Card
        title={l('季度信息披露', 'Quarterly disclosure')}
        extra={
          <a href={charityApi.disclosureCsvUrl(p.project.id)} data-testid="disclosure-csv">
            <FileTextOutlined /> CSV
          </a>
        }
        style={{ marginBottom: 16 }}
        styles={{ body: { padding: 0 } }}
      >
        <Table<Quarter>
          rowKey="quarter"
          dataSource={p.quarters}
          pagination={false}
          onRow={() => ({ 'data-testid': 'disclosure-row' }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: l('暂无数据', 'Nothing yet') }}
          columns={[
            { title: l('季度', 'Quarter'), dataIndex: 'quarter' },
            {
              title: l('捐入', 'Donated'),
              dataIndex: 'donated',
              align: 'right',
              render: (v: number) => <span className="num">{yuan(v)}</span>,
            },
            { title: l('笔数', 'Donations'), dataIndex: 'donations', align: 'right' },
            { title: l('人数', 'Donors'), dataIndex: 'donors', align: 'right' },
            {
              title: l('拨付', 'Disbursed'),
              dataIndex: 'disbursed',
              align: 'right',
              render: (v: number) => <span className="num">{yuan(v)}</span>,
            },
            {
              title: l('季末托管余额', 'Escrow at end'),
              dataIndex: 'escrowAtEnd',
              align: 'right',
              render: (v: number) => <span className="num">{yuan(v)}</span>,
            },
          ]}
        />
      </Card>

      <Card title={l('项目进展', 'Progress')}>
        {p.updates.length === 0 ? (
          <Empty description={l('还没有进展', 'No updates yet')} />
        ) : (
          p.updates.map((u) => (
            <div key={u.id} data-testid="project-update" style={{ marginBottom: 16 }}>
              <Typography.Text type="secondary">{dayjs(u.createdAt).format('YYYY-MM-DD')}</Typography.Text>
              <Typography.Paragraph style={{ margin: '4px 0 8px' }} {...langOf(zh, u.bodyEn)}>
                {localText(zh, u.body, u.bodyEn)}
              </Typography.Paragraph>
              <Image.PreviewGroup>
                {u.photoUrls.map((src) => (
                  <Image
                    key={src}
                    src={src}
                    width={160}
                    height={120}
                    style={{ objectFit: 'cover' }}
                    alt=""
                    fallback={PHOTO_FALLBACK}
                  />
                ))}
              </Image.PreviewGroup>
            </div>
          ))
        )}
      </Card>
    </div>
  );
}
