import { HeartFilled } from '@ant-design/icons';
import { Alert, Card, Col, Empty, Progress, Row, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { useText, yuan } from '../merchant/format';
import { charityApi, langOf, localText } from './api';
import { charityErrorText } from './errors';

/** 公益项目: every project open to the public, with what it raised and from how many donors. */
export default function ProjectsPage() {
  const { t } = useI18n();
  const { zh, l } = useText();
  const list = useAsync(() => charityApi.projects(), []);
  if (list.error) return <Alert type="error" showIcon title={charityErrorText(t, list.error)} />;
  if (!list.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <div data-testid="projects-page">
      <Typography.Title level={2}>
        <HeartFilled style={{ color: '#eb2f96' }} /> {l('公益项目', 'Charity projects')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {l(
          '每一件公益宝贝成交后，商家捐出的善款都进入项目的托管账户，拨付与季度披露全部公开。',
          'Every charity item sold gives part of its price to a project’s escrow; every disbursement and quarterly report is public.',
        )}
      </Typography.Paragraph>
      {list.data.length === 0 ? (
        <Empty description={l('暂无公益项目', 'No projects yet')} />
      ) : (
        <Row gutter={[16, 16]}>
          {list.data.map(({ project, raised, donors }) => (
            <Col xs={24} md={12} key={project.id}>
              <Link to={`/charity/projects/${project.id}`} data-testid="project-card">
                <Card hoverable>
                  <Typography.Title level={4} style={{ marginTop: 0 }}>
                    {zh ? project.titleZh : project.titleEn}{' '}
                    {project.status === 'fundraising' ? (
                      <Tag color="magenta">{l('募捐中', 'Fundraising')}</Tag>
                    ) : (
                      <Tag>{l('已结束', 'Closed')}</Tag>
                    )}
                  </Typography.Title>
                  <Typography.Paragraph
                    type="secondary"
                    ellipsis={{ rows: 2 }}
                    {...langOf(zh, project.descriptionEn)}
                  >
                    {localText(zh, project.description, project.descriptionEn)}
                  </Typography.Paragraph>
                  <Progress
                    percent={Math.min(100, Math.floor((raised * 100) / Math.max(1, project.targetAmount)))}
                    strokeColor="#eb2f96"
                  />
                  <Typography.Text>
                    {l(
                      `已筹 ${yuan(raised)} · ${donors} 人次`,
                      `${yuan(raised)} raised · ${donors} donor(s)`,
                    )}
                  </Typography.Text>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
