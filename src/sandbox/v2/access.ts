/**
 * WIKI.auth.checkAccess from Wiki.js 2.5 (server/core/auth.js): global permissions first,
 * then page rules across all of the user's groups, most specific rule wins.
 */
export type RuleMatch = 'START' | 'EXACT' | 'END' | 'REGEX' | 'TAG';

export interface PageRule {
  id: string;
  deny: boolean;
  match: RuleMatch;
  roles: string[];
  path: string;
  locales: string[];
}

export interface Identity {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly permissions: readonly string[];
  readonly groups: readonly number[];
  readonly isGuest: boolean;
  readonly viaApiKey: boolean;
}

export interface PageRef {
  path: string;
  locale: string;
  tags?: ReadonlyArray<{ tag: string }>;
}

interface CheckState {
  deny: boolean;
  match: RuleMatch | false;
  specificity: string;
}

function applySpecificity(rule: PageRule, state: CheckState, higherPriority: readonly RuleMatch[]): CheckState {
  if (rule.path.length === state.specificity.length) {
    if (state.match !== false && higherPriority.includes(state.match)) return state;
    if (state.match === rule.match && state.deny && !rule.deny) return state;
  } else if (rule.path.length < state.specificity.length) {
    return state;
  }
  return { deny: rule.deny, match: rule.match, specificity: rule.path };
}

export function checkAccess(
  user: Identity,
  permissions: readonly string[],
  page: PageRef | undefined,
  groupRules: (groupId: number) => readonly PageRule[],
): boolean {
  if (user.permissions.includes('manage:system')) return true;
  if (!permissions.some((p) => user.permissions.includes(p))) return false;
  if (page === undefined) return true;
  let state: CheckState = { deny: false, match: false, specificity: '' };
  for (const grp of user.groups) {
    for (const rule of groupRules(grp)) {
      if (rule.locales.length > 0 && !rule.locales.includes(page.locale)) continue;
      if (!rule.roles.some((r) => permissions.includes(r))) continue;
      switch (rule.match) {
        case 'START':
          if (`/${page.path}`.startsWith(`/${rule.path}`)) state = applySpecificity(rule, state, ['END', 'REGEX', 'EXACT', 'TAG']);
          break;
        case 'END':
          if (page.path.endsWith(rule.path)) state = applySpecificity(rule, state, ['REGEX', 'EXACT', 'TAG']);
          break;
        case 'REGEX': {
          let re: RegExp | undefined;
          try {
            re = new RegExp(rule.path);
          } catch {
            re = undefined;
          }
          if (re?.test(page.path) === true) state = applySpecificity(rule, state, ['EXACT', 'TAG']);
          break;
        }
        case 'TAG':
          for (const t of page.tags ?? []) {
            if (t.tag === rule.path) state = applySpecificity(rule, state, ['EXACT']);
          }
          break;
        case 'EXACT':
          if (`/${page.path}` === `/${rule.path}`) state = applySpecificity(rule, state, []);
          break;
      }
    }
  }
  return state.match !== false && !state.deny;
}
