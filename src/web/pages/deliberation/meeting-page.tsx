import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Empty, Form, Input, Modal, QRCode, Select, Space, Spin, Switch, Tag, message } from 'antd';
import { CheckCircleOutlined, PlayCircleOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type Page } from '../../api.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { ActionStateTag, MeetingStateTag, Minutes, MinutesEditor, OrgKindTag, PageHead, ProgressBar, TallyLine, formatDay, formatTime } from './bits.js';
import type { Choice, MeetingDetail, Topic } from './types.js';

const choices: Choice[] = ['yes', 'no', 'abstain'];

/**
 * 会议 (/deliberation/meetings/:id), made to be used in the room: the check-in code and QR,
 * attendance, the agenda with its cases and topics, the motion with the count as votes come in,
 * resolutions with their action items, and the minutes. Refreshes itself while in progress.
 */
export default function MeetingPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const meeting = useApi<MeetingDetail>(`/api/deliberation/meetings/${id}`);
  const m = meeting.data;
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState('');
  const [draft, setDraft] = useState<string | null>(null);
  const [agendaOpen, setAgendaOpen] = useState(false);
  const [motionOpen, setMotionOpen] = useState(false);
  const [itemFor, setItemFor] = useState<string | null>(null);
  const [agendaForm] = Form.useForm<{ kind: string; caseNumber?: string; topicId?: string; title?: string }>();
  const [motionForm] = Form.useForm<{ agendaItemIds: string[]; text: string }>();
  const [itemForm] = Form.useForm<{ title: string; owner?: string; dueOn?: Dayjs }>();
  const topics = useApi<Page<Topic>>(m?.canManage && agendaOpen ? '/api/deliberation/topics' : null, { bodyId: m?.bodyId, limit: 100 });
  const { reload } = meeting;

  useEffect(() => {
    if (m?.state !== 'inProgress') return;
    const timer = setInterval(reload, 4000);
    return () => clearInterval(timer);
  }, [m?.state, reload]);

  const run = async (fn: () => Promise<unknown>, done?: string) => {
    setError(undefined);
    setBusy(true);
    try {
      await fn();
      if (done) message.success(done);
      reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const move = (action: string) => run(() => api(`/api/deliberation/meetings/${id}/actions/${action}`, { method: 'POST', body: { version: m?.version } }), t(`deliberation.meeting.moved.${action}`));
  const vote = (motionId: string, choice: Choice, memberId?: string) => run(() => api(`/api/deliberation/motions/${motionId}/votes`, { method: 'POST', body: { choice, memberId } }));

  if (meeting.error) return <div className="gg-page dl-page"><ProblemAlert error={meeting.error} /></div>;
  if (!m) return <Spin size="large" className="gg-page-spin" />;
  const isLive = m.state === 'inProgress';
  const isPerSeat = m.body.votingRule === 'perSeat';
  const checkinUrl = `${window.location.origin}/deliberation/check-in/${m.id}?code=${m.checkinCode ?? ''}`;
  const present = m.attendance.filter((a) => a.checkedInAt);
  // The attendance sheet (签到表) as the list reads it.
  const attendanceColumns: ExportableColumn<MeetingDetail['attendance'][number]>[] = [
    { key: 'name', title: t('deliberation.column.attendee'), render: (_, a) => a.name },
    { key: 'position', title: t('deliberation.body.position'), render: (_, a) => t(`deliberation.position.${a.position}`) },
    { key: 'org', title: t('deliberation.body.org'), render: (_, a) => a.orgName ?? '' },
    { key: 'checkedIn', title: t('deliberation.column.checkedIn'), render: (_, a) => (a.checkedInAt ? `${t('deliberation.meeting.present')} ${formatTime(a.checkedInAt).slice(-5)}${a.method ? ` · ${t(`deliberation.method.${a.method}`)}` : ''}` : t('deliberation.meeting.notYet')) },
  ];
  // The voters of a motion: one row per seat (the delegates present for it) or per member present.
  const voters = isPerSeat
    ? [...new Map(m.attendance.filter((a) => a.orgId).map((a) => [a.orgId!, a])).values()].map((a) => ({ key: a.orgId!, label: a.orgName ?? a.name, kind: a.orgKind, delegates: m.attendance.filter((x) => x.orgId === a.orgId && x.checkedInAt) }))
    : m.attendance.map((a) => ({ key: a.memberId, label: a.name, kind: a.orgKind, delegates: a.checkedInAt ? [a] : [] }));

  return (
    <div className="gg-page dl-page" data-testid="meeting-page">
      <PageHead
        title={<>{m.title} <MeetingStateTag state={m.state} /></>}
        subtitle={<>{formatTime(m.startsAt, true)} · {m.location ?? '—'} · <Link to={`/deliberation/bodies/${m.bodyId}`}>{m.body.name}</Link></>}
        extra={m.canManage ? (
          <Space wrap>
            {(m.state === 'draft' || m.state === 'scheduled') && <Button type="primary" icon={<PlayCircleOutlined />} loading={busy} onClick={() => move('start')} data-testid="meeting-start">{t('deliberation.meeting.start')}</Button>}
            {isLive && <Button type="primary" icon={<StopOutlined />} loading={busy} onClick={() => move('close')} data-testid="meeting-close">{t('deliberation.meeting.close')}</Button>}
            {m.state === 'draft' && <Button onClick={() => move('schedule')}>{t('deliberation.meeting.schedule')}</Button>}
          </Space>
        ) : null}
      />
      {error ? <ProblemAlert error={error} testId="meeting-error" /> : null}
      <div className="dl-meeting-grid">
        <div className="dl-col">
          <Panel
            title={t('deliberation.meeting.agenda')}
            extra={m.canManage && m.state !== 'closed' && m.state !== 'cancelled' ? <Button size="small" icon={<PlusOutlined />} onClick={() => { agendaForm.resetFields(); setAgendaOpen(true); }} data-testid="agenda-add">{t('deliberation.meeting.addAgenda')}</Button> : null}
          >
            {m.agenda.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deliberation.meeting.noAgenda')} /> : (
              <ol className="dl-agenda" data-testid="agenda">
                {m.agenda.map((a) => (
                  <li key={a.id}>
                    <span className="dl-seq">{a.seq}</span>
                    <div style={{ minWidth: 0, flex: 1 }}>
                      <div>
                        <Tag color={a.kind === 'case' ? 'volcano' : a.kind === 'topic' ? 'purple' : 'default'}>{t(`deliberation.agendaKind.${a.kind}`)}</Tag>
                        {a.case ? <Link to={`/cases/${a.case.id}`}>{a.title}</Link> : <strong>{a.title}</strong>}
                      </div>
                      {a.case ? <div className="gg-muted">{a.case.address ?? ''} · {t(`deliberation.caseState.${a.case.state}`, { defaultValue: a.case.state })}{a.case.closedVia === 'deliberation' ? ` · ${t('deliberation.meeting.closedByDeliberation')}` : ''}</div> : null}
                      {a.topic ? <div className="gg-muted">{t('deliberation.meeting.topicLine', { name: a.topic.proposerName, count: a.topic.supportCount })}</div> : null}
                      {a.outcome ? <div>{a.outcome}</div> : null}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </Panel>

          <Panel
            title={t('deliberation.meeting.motions')}
            extra={m.canManage && isLive && m.agenda.length > 0 ? <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => { motionForm.setFieldsValue({ agendaItemIds: m.agenda.map((a) => a.id), text: '' }); setMotionOpen(true); }} data-testid="motion-open">{t('deliberation.meeting.openMotion')}</Button> : null}
          >
            {m.motions.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={isLive ? t('deliberation.meeting.noMotionLive') : t('deliberation.meeting.noMotion')} /> : null}
            <Space direction="vertical" style={{ width: '100%' }} size={12}>
              {m.motions.map((mo) => {
                const myVote = mo.votes.find((v) => (isPerSeat ? v.orgId === m.me?.orgId : v.memberId === m.me?.memberId));
                return (
                  <div key={mo.id} className={`dl-motion${mo.isLive ? '' : ' is-decided'}`} data-testid="motion">
                    <div><strong>{t('deliberation.meeting.motionLabel')}</strong>{mo.text}</div>
                    <div className="dl-count" data-testid="vote-count">
                      {choices.map((c) => <div key={c} className={c}><strong data-testid={`count-${c}`}>{mo.tally[c]}</strong>{t(`deliberation.choice.${c}`)}</div>)}
                    </div>
                    <TallyLine tally={mo.tally} isLive={mo.isLive} />
                    <ul className="dl-voters" data-testid="voters">
                      {voters.map((v) => {
                        const cast = mo.votes.find((x) => (isPerSeat ? x.orgId === v.key : x.memberId === v.key));
                        const delegate = v.delegates[0];
                        return (
                          <li key={v.key} data-testid="voter">
                            <span className="dl-voter-name"><OrgKindTag kind={v.kind} /> {v.label}{delegate && isPerSeat ? <span className="gg-muted"> · {delegate.name}</span> : null}</span>
                            {cast ? <Tag color={cast.choice === 'yes' ? 'green' : cast.choice === 'no' ? 'red' : 'default'}>{t(`deliberation.choice.${cast.choice}`)} · {cast.voterName}</Tag>
                              : !delegate ? <span className="gg-muted">{t('deliberation.meeting.absent')}</span>
                              : mo.isLive && m.canManage ? (
                                <Space size={4}>
                                  {choices.map((c) => <Button key={c} size="small" onClick={() => vote(mo.id, c, delegate.memberId)} data-testid={`record-${c}`}>{t(`deliberation.choice.${c}`)}</Button>)}
                                </Space>
                              ) : <span className="gg-muted">{mo.isLive ? t('deliberation.meeting.waiting') : t('deliberation.meeting.didNotVote')}</span>}
                          </li>
                        );
                      })}
                    </ul>
                    {mo.isLive && m.me && !myVote && !m.canManage ? (
                      <Space wrap>
                        <span>{t('deliberation.meeting.myVote')}</span>
                        {choices.map((c) => <Button key={c} type={c === 'yes' ? 'primary' : 'default'} onClick={() => vote(mo.id, c)} data-testid={`vote-${c}`}>{t(`deliberation.choice.${c}`)}</Button>)}
                      </Space>
                    ) : null}
                    {mo.isLive && m.canManage ? <Button type="primary" icon={<CheckCircleOutlined />} loading={busy} onClick={() => run(() => api(`/api/deliberation/motions/${mo.id}/decide`, { method: 'POST' }))} data-testid="motion-decide">{t('deliberation.meeting.decide')}</Button> : null}
                  </div>
                );
              })}
            </Space>
          </Panel>

          {m.resolutions.length > 0 && (
            <Panel title={t('deliberation.meeting.resolutions')}>
              <Space direction="vertical" style={{ width: '100%' }} size={12}>
                {m.resolutions.map((r) => (
                  <div key={r.id} data-testid="resolution">
                    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
                      <strong>{t('deliberation.resolution.number', { number: r.number })} {r.title}</strong>
                      <Tag color={r.state === 'done' ? 'green' : 'blue'}>{t(`deliberation.resolutionState.${r.state}`)}</Tag>
                    </div>
                    <div className="gg-muted">{r.text}</div>
                    <ProgressBar value={r.progress} done={r.state === 'done'} />
                    <ul className="dl-attendance">
                      {(r.actionItems ?? []).map((i) => (
                        <li key={i.id} data-testid="action-item">
                          <span style={{ flex: 1, minWidth: 160 }}>{i.title}</span>
                          <span className="gg-muted">{i.ownerName} · {t('deliberation.action.due', { day: formatDay(i.dueOn) })}</span>
                          <ActionStateTag item={i} />
                        </li>
                      ))}
                    </ul>
                    {m.canManage ? <Button size="small" icon={<PlusOutlined />} onClick={() => { itemForm.resetFields(); setItemFor(r.id); }} data-testid="action-add">{t('deliberation.action.add')}</Button> : null}
                  </div>
                ))}
              </Space>
            </Panel>
          )}
        </div>

        <div className="dl-col">
          {(m.state === 'scheduled' || isLive) && (m.canManage ? (
            <Panel title={t('deliberation.meeting.checkIn')}>
              <div className="dl-checkin">
                <QRCode value={checkinUrl} size={132} bordered={false} aria-label={t('deliberation.meeting.qr')} />
                <div>
                  <div className="gg-muted">{t('deliberation.meeting.code')}</div>
                  <div className="dl-code" data-testid="checkin-code">{m.checkinCode}</div>
                  <div className="gg-muted">{t('deliberation.meeting.codeHint')}</div>
                </div>
              </div>
            </Panel>
          ) : m.me && !m.me.hasCheckedIn ? (
            <Panel title={t('deliberation.meeting.checkIn')}>
              <Space.Compact style={{ width: '100%' }}>
                <Input value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" maxLength={6} placeholder={t('deliberation.meeting.enterCode')} aria-label={t('deliberation.meeting.enterCode')} data-testid="checkin-input" />
                <Button type="primary" onClick={() => run(() => api(`/api/deliberation/meetings/${id}/check-in`, { method: 'POST', body: { code } }), t('deliberation.meeting.checkedIn'))} data-testid="checkin-submit">{t('deliberation.meeting.checkInButton')}</Button>
              </Space.Compact>
            </Panel>
          ) : m.me ? <Alert type="success" showIcon title={t('deliberation.meeting.youAreIn')} /> : null)}

          <Panel
            title={t('deliberation.meeting.attendance', { present: present.length, total: m.attendance.length })}
            extra={<ExportButton rows={m.attendance} columns={attendanceColumns} fileName={`${m.title}-${t('deliberation.meeting.checkIn')}`} />}
          >
            <ul className="dl-attendance" data-testid="attendance">
              {m.attendance.map((a) => (
                <li key={a.memberId} data-testid="attendee" data-kind={a.orgKind ?? 'none'}>
                  <span style={{ flex: 1, minWidth: 140 }}><strong>{a.name}</strong> <span className="gg-muted">{t(`deliberation.position.${a.position}`)}</span><br /><span className="gg-muted">{a.orgName ?? ''}</span></span>
                  {a.checkedInAt ? <Tag color="green">{t('deliberation.meeting.present')} {formatTime(a.checkedInAt).slice(-5)}{a.method ? ` · ${t(`deliberation.method.${a.method}`)}` : ''}</Tag> : <Tag>{t('deliberation.meeting.notYet')}</Tag>}
                  {m.canManage && (m.state === 'scheduled' || isLive) ? (
                    <Switch size="small" checked={Boolean(a.checkedInAt)} aria-label={t('deliberation.meeting.markPresent', { name: a.name })} onChange={(on) => run(() => api(`/api/deliberation/meetings/${id}/attendance`, { method: 'POST', body: { memberId: a.memberId, isPresent: on } }))} data-testid="attendance-toggle" />
                  ) : null}
                </li>
              ))}
            </ul>
          </Panel>

          <Panel
            title={t('deliberation.minutes.title')}
            extra={m.canEditMinutes && draft === null ? <Button size="small" onClick={() => setDraft(m.minutes ?? `# ${m.title}\n\n`)} data-testid="minutes-edit">{t('deliberation.minutes.edit')}</Button> : null}
          >
            {draft !== null ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                <MinutesEditor value={draft} onChange={setDraft} />
                <Space>
                  <Button type="primary" loading={busy} onClick={async () => { if (await run(() => api(`/api/deliberation/meetings/${id}`, { method: 'PATCH', body: { minutes: draft } }), t('deliberation.minutes.saved'))) setDraft(null); }} data-testid="minutes-save">{t('deliberation.minutes.save')}</Button>
                  <Button onClick={() => setDraft(null)}>{t('deliberation.minutes.cancel')}</Button>
                </Space>
                <div className="gg-muted">{t('deliberation.minutes.preview')}</div>
                <Minutes text={draft} />
              </Space>
            ) : m.minutes ? <Minutes text={m.minutes} /> : <span className="gg-muted">{t('deliberation.minutes.none')}</span>}
            {m.minutesUpdatedAt ? <div className="gg-muted" style={{ marginTop: 6, fontSize: 12 }}>{t('deliberation.minutes.updated', { at: formatTime(m.minutesUpdatedAt) })}</div> : null}
          </Panel>
        </div>
      </div>

      <Modal open={agendaOpen} title={t('deliberation.meeting.addAgenda')} onCancel={() => setAgendaOpen(false)} destroyOnHidden
        onOk={async () => {
          const v = await agendaForm.validateFields();
          if (await run(() => api(`/api/deliberation/meetings/${id}/agenda`, { method: 'POST', body: { kind: v.kind, caseNumber: v.caseNumber?.trim() || undefined, topicId: v.topicId, title: v.title?.trim() || undefined } }))) setAgendaOpen(false);
        }}
      >
        <Form form={agendaForm} layout="vertical" initialValues={{ kind: 'case' }}>
          <Form.Item name="kind" label={t('deliberation.meeting.agendaKind')}>
            <Select options={['case', 'topic', 'other'].map((k) => ({ value: k, label: t(`deliberation.agendaKind.${k}`) }))} data-testid="agenda-kind" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
            {({ getFieldValue }) => getFieldValue('kind') === 'case' ? (
              <Form.Item name="caseNumber" label={t('deliberation.meeting.caseNumber')} rules={[{ required: true, pattern: /^\d{4}-\d{6}$/, message: t('deliberation.meeting.caseNumberHint') }]}><Input placeholder="2026-000123" data-testid="agenda-case-number" /></Form.Item>
            ) : getFieldValue('kind') === 'topic' ? (
              <Form.Item name="topicId" label={t('deliberation.meeting.topic')} rules={[{ required: true }]}><Select options={(topics.data?.items ?? []).filter((x) => x.state === 'open' || x.state === 'queued').map((x) => ({ value: x.id, label: `${x.title}（${x.supportCount}）` }))} /></Form.Item>
            ) : (
              <Form.Item name="title" label={t('deliberation.meeting.itemTitle')} rules={[{ required: true }]}><Input /></Form.Item>
            )}
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={motionOpen} title={t('deliberation.meeting.openMotion')} onCancel={() => setMotionOpen(false)} destroyOnHidden okButtonProps={{ 'data-testid': 'motion-submit' } as never}
        onOk={async () => {
          const v = await motionForm.validateFields();
          if (await run(() => api(`/api/deliberation/meetings/${id}/motions`, { method: 'POST', body: v }))) setMotionOpen(false);
        }}
      >
        <Form form={motionForm} layout="vertical">
          <Form.Item name="agendaItemIds" label={t('deliberation.meeting.motionCovers')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }} options={m.agenda.map((a) => ({ value: a.id, label: `${a.seq}. ${a.title}` }))} />
          </Form.Item>
          <Form.Item name="text" label={t('deliberation.meeting.motionText')} rules={[{ required: true, min: 2 }]}><Input.TextArea autoSize={{ minRows: 3 }} data-testid="motion-text" /></Form.Item>
        </Form>
      </Modal>

      <Modal open={itemFor !== null} title={t('deliberation.action.add')} onCancel={() => setItemFor(null)} destroyOnHidden okButtonProps={{ 'data-testid': 'action-submit' } as never}
        onOk={async () => {
          const v = await itemForm.validateFields();
          const [kind, ownerId] = (v.owner ?? ':').split(':');
          const ok = await run(() => api(`/api/deliberation/resolutions/${itemFor}/action-items`, { method: 'POST', body: { title: v.title, ownerOrgId: kind === 'org' ? ownerId : undefined, ownerMemberId: kind === 'member' ? ownerId : undefined, dueOn: v.dueOn?.format('YYYY-MM-DD') } }));
          if (ok) setItemFor(null);
        }}
      >
        <Form form={itemForm} layout="vertical">
          <Form.Item name="title" label={t('deliberation.action.title')} rules={[{ required: true }]}><Input data-testid="action-title" /></Form.Item>
          <Form.Item name="owner" label={t('deliberation.action.owner')}>
            <Select
              data-testid="action-owner"
              options={[
                ...[...new Map(m.attendance.filter((a) => a.orgId).map((a) => [a.orgId!, a])).values()].map((a) => ({ value: `org:${a.orgId}`, label: `${a.orgName}（${t(`deliberation.orgKind.${a.orgKind}`)}）` })),
                ...m.attendance.map((a) => ({ value: `member:${a.memberId}`, label: a.name })),
              ]}
            />
          </Form.Item>
          <Form.Item name="dueOn" label={t('deliberation.action.dueOn')}><DatePicker style={{ width: '100%' }} data-testid="action-due" /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
