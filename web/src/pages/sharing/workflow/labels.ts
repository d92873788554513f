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

const isEnglish = (language: string) => language.startsWith('en');

/** What a task or an overdue record names: its stored title and, when the platform generated it, the English one. */
export interface Titled {
  title?: string | null;
  titleEn?: string | null;
}

/** The title in the portal's language: the English one in English when there is one, else the stored one. */
export function localTitle(item: Titled, language: string = i18n.language): string {
  const en = item.titleEn?.trim();
  return isEnglish(language) && en ? en : (item.title ?? '');
}

/**
 * A notification's values in the portal's language: in English, a value that has an English form
 * beside it (titleEn for title, articleEn for article) is replaced by it; in Chinese, as stored.
 */
export function localParams(params: Record<string, string | number>, language: string = i18n.language): Record<string, string | number> {
  if (!isEnglish(language)) return { ...params };
  const out: Record<string, string | number> = { ...params };
  for (const [key, value] of Object.entries(params)) {
    const base = key.endsWith('En') ? key.slice(0, -2) : '';
    if (base && base in params && value !== '' && value !== null && value !== undefined) out[base] = value;
  }
  return out;
}

/** A notification's text: its kind is a full message key (e.g. 'demand.notice.declined'). */
export function noticeText(kind: string, params: Record<string, string | number>, itemKind: string): string {
  const p: Record<string, unknown> = localParams(params);
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
