import type { ReactNode } from 'react';
import { Space, Typography } from 'antd';

/** The title bar every page starts with: title, one-line description, actions on the right. */
export function PageHeader({ title, description, extra }: { title: ReactNode; description?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="gs-page-header">
      <div>
        <Typography.Title level={4} className="gs-page-title">
          {title}
        </Typography.Title>
        {description && <Typography.Text type="secondary">{description}</Typography.Text>}
      </div>
      {extra && <Space wrap>{extra}</Space>}
    </div>
  );
}
