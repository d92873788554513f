import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { unstableSetRender } from 'antd';
import './i18n';
import './styles.css';
import { PortalApp } from './App';

// antd 5's imperative pieces (wave effect, static holders) render with React 18's legacy API;
// React 19 removed it, so hand antd createRoot (what @ant-design/v5-patch-for-react-19 does).
unstableSetRender((node, container) => {
  const host = container as Element & { _gsRoot?: Root };
  host._gsRoot ??= createRoot(host);
  const root = host._gsRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
  };
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PortalApp />
  </StrictMode>,
);
