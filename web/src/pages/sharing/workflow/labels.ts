import i18n from '../../../i18n';

/** Dynamic message keys (action, state, step names come from the server): translated with a fallback. */
function tr(keys: string[], fallback: string, params?: Record<string, unknown>): string {
  for (const k of keys) if (i18n.exists(k)) return i18n.t(k as never, params as never) as unknown as string;
  return fallback;
}

/** 'sharing.<kind>.<verb>' → workflow.action.<kind>.<verb>, then workflow.verb.<verb>, then the raw action. */
export function actionLabel(action: string): string {
  const parts = action.split('.');
  const verb = parts[parts.length - 1] ?? action;
  const kind = parts.length >= 3 ? parts[1] : '';
  return tr([`workflow.action.${kind}.${verb}`, `${moduleKey(kind ?? '')}.action.${verb}`, `workflow.verb.${verb}`], action);
}

/** The i18n top-level key of an item kind's module (demand, application, agreement, objection, violation, complaint, report). */
function moduleKey(kind: string): string {
  if (kind === 'grant') return 'application';
  if (kind === 'annual_report') return 'report';
  return kind;
}

/** A state of an item: the module's own `<module>.state.<s>` first, then workflow.state.<s>. */
export function stateLabel(kind: string, state: string | null): string {
  if (!state) return '—';
  return tr([`${moduleKey(kind)}.state.${state}`, `${moduleKey(kind)}.grantState.${state}`, `workflow.state.${state}`], state);
}

export function stepLabel(kind: string, step: string): string {
  return tr([`${moduleKey(kind)}.step.${step}`, `workflow.step.${step}`], step);
}

export function kindLabel(kind: string): string {
  return tr([`workflow.kind.${kind}`], kind);
}

export function roleLabel(role: string): string {
  return tr([`workflow.role.${role}`, `role.${role}`], role);
}

/** A notification's text: its kind is a full message key (e.g. 'demand.notice.declined'). */
export function noticeText(kind: string, params: Record<string, string | number>, itemKind: string): string {
  const p: Record<string, unknown> = { ...params };
  if (typeof p.step === 'string') p.step = stepLabel(itemKind, p.step);
  if (typeof p.dueAt === 'string' && p.dueAt) p.dueAt = formatDate(p.dueAt);
  p.kind = kindLabel(itemKind);
  return tr([kind, `workflow.notice.${kind}`], i18n.t('workflow.notice.generic', { kind: kindLabel(itemKind) }), p);
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
