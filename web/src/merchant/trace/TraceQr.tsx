import { Modal, Space, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { publicTraceUrl } from './api';

/** The QR code of a code's public trace page (SVG, error correction M, as the trace page draws it). */
export function TraceQrDialog({ code, onClose }: { code: string; onClose(): void }) {
  const { t } = useI18n();
  const url = publicTraceUrl(code);
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((s) => {
      if (live) setSvg(s);
    });
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <Modal
      open
      title={t('merchant.trace.qrTitle', { code })}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
      width={360}
    >
      <Space direction="vertical" align="center" style={{ width: '100%' }}>
        {svg && (
          <img
            data-testid="merchant-trace-qr"
            alt={t('trace.qr')}
            width={220}
            height={220}
            src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`}
          />
        )}
        <Typography.Text type="secondary">{t('merchant.trace.qrHint')}</Typography.Text>
        <a href={url} target="_blank" rel="noreferrer" data-testid="merchant-trace-qr-link">
          {t('merchant.trace.open')}
        </a>
      </Space>
    </Modal>
  );
}
