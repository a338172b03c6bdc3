import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Progress, Space, Table, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router-dom';
import { useAsync } from '../../app/useAsync';
import { type Charity, charityAdminApi, charityApi, localText, type ProjectSummary } from '../../charity/api';
import { useText, yuan } from '../../merchant/format';
import { DisburseModal, NewProjectModal, UpdateModal } from './ProjectForms';
import { ReasonModal } from './ReasonModal';

type Status = ProjectSummary['project']['status'];

/** The operators' projects: open or close (reason, audited), progress updates, disbursements. */
export function ProjectsPanel({ charities }: { charities: Charity[] }) {
  const { l, zh } = useText();
  const { message } = App.useApp();
  const list = useAsync(() => charityApi.projects(), []);
  const [creating, setCreating] = useState(false);
  const [moving, setMoving] = useState<{ id: string; title: string; status: Status } | null>(null);
  const [updating, setUpdating] = useState<string | null>(null);
  const [disbursing, setDisbursing] = useState<string | null>(null);
  const statusTag: Record<Status, ReactNode> = {
    draft: <Tag>{l('草稿', 'Draft')}</Tag>,
    fundraising: <Tag color="magenta">{l('募捐中', 'Fundraising')}</Tag>,
    closed: <Tag>{l('已结束', 'Closed')}</Tag>,
  };
  const verified = charities.filter((c) => c.status === 'verified');
  const done = (text: string) => {
    message.success(text);
    list.reload();
  };

  return (
    <div data-testid="console-projects">
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          disabled={verified.length === 0}
        >
          {l('新建项目', 'New project')}
        </Button>
      </div>
      <Table<ProjectSummary>
        rowKey={(p) => p.project.id}
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: l('项目', 'Project'),
            key: 'title',
            render: (_, p) => (
              <Space direction="vertical" size={0}>
                <Link to={`/charity/projects/${p.project.id}`}>
                  {l(p.project.titleZh, p.project.titleEn)}
                </Link>
                <Typography.Text type="secondary">
                  {localText(zh, p.project.region, p.project.regionEn)}
                </Typography.Text>
              </Space>
            ),
          },
          { title: l('状态', 'Status'), key: 'status', render: (_, p) => statusTag[p.project.status] },
          {
            title: l('已筹 / 目标', 'Raised / target'),
            key: 'raised',
            render: (_, p) => (
              <div style={{ minWidth: 160 }}>
                {yuan(p.raised)} / {yuan(p.project.targetAmount)}
                <Progress
                  size="small"
                  percent={Math.min(100, Math.floor((p.raised * 100) / Math.max(1, p.project.targetAmount)))}
                />
              </div>
            ),
          },
          { title: l('捐赠人数', 'Donors'), dataIndex: 'donors', align: 'right' },
          {
            title: l('操作', 'Actions'),
            key: 'actions',
            render: (_, p) => {
              const title = l(p.project.titleZh, p.project.titleEn);
              return (
                <Space wrap>
                  {p.project.status !== 'fundraising' && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setMoving({ id: p.project.id, title, status: 'fundraising' })}
                    >
                      {l('开始募捐', 'Open')}
                    </Button>
                  )}
                  {p.project.status === 'fundraising' && (
                    <Button
                      size="small"
                      onClick={() => setMoving({ id: p.project.id, title, status: 'closed' })}
                    >
                      {l('结束募捐', 'Close')}
                    </Button>
                  )}
                  <Button size="small" onClick={() => setUpdating(p.project.id)}>
                    {l('发布进展', 'Post update')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setDisbursing(p.project.id)}
                    data-testid="project-disburse"
                  >
                    {l('拨付', 'Disburse')}
                  </Button>
                </Space>
              );
            },
          },
        ]}
      />
      <NewProjectModal
        open={creating}
        charities={verified}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          done(l('项目已创建（草稿）', 'Project created (draft)'));
        }}
      />
      <ReasonModal
        open={moving !== null}
        title={
          moving?.status === 'fundraising'
            ? l(`开始募捐：${moving.title}`, `Open for donations: ${moving.title}`)
            : l(`结束募捐：${moving?.title ?? ''}`, `Close: ${moving?.title ?? ''}`)
        }
        okText={l('确认', 'Confirm')}
        onCancel={() => setMoving(null)}
        onConfirm={async (reason) => {
          if (!moving) return;
          await charityAdminApi.setStatus(moving.id, moving.status, reason);
          setMoving(null);
          done(l('项目状态已更新', 'Project status changed'));
        }}
      />
      <UpdateModal
        projectId={updating}
        onClose={() => setUpdating(null)}
        onDone={() => {
          setUpdating(null);
          done(l('进展已发布', 'Update posted'));
        }}
      />
      <DisburseModal
        projectId={disbursing}
        onClose={() => setDisbursing(null)}
        onDone={() => {
          setDisbursing(null);
          done(l('已拨付，并写入公开账本', 'Disbursed and logged publicly'));
        }}
      />
    </div>
  );
}
