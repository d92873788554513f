import { hasRole, type Actor } from '../actor.js';

export type CalendarAction = 'calendar.read' | 'calendar.update';

/** Who may maintain the working-day calendar: the platform's administrators and the IT authority. */
export function can(actor: Actor | null, action: CalendarAction): boolean {
  if (!actor) return false;
  switch (action) {
    case 'calendar.read':
      return true;
    case 'calendar.update':
      return actor.kind === 'user' && hasRole(actor, 'platform_admin', 'authority_reviewer');
  }
}
