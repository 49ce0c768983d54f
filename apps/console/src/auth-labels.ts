import type { Lang } from './i18n.js';
import type { Role, Scope } from './access.js';

/** Labels of the log-in, first-start set-up and account pieces, in both languages. */
const AUTH_UI = {
  switchLang: { zh: 'English', en: '中文' },
  product: { zh: '重点用能设备能效在线监测', en: 'Live efficiency of key energy-using equipment' },
  loginTitle: { zh: '登录', en: 'Log in' },
  username: { zh: '用户名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  logIn: { zh: '登录', en: 'Log in' },
  loggingIn: { zh: '正在登录…', en: 'Logging in…' },
  loggedOut: { zh: '您已退出登录。', en: 'You have logged out.' },
  sessionEnded: { zh: '请登录后继续。', en: 'Log in to continue.' },
  setupDone: { zh: '管理员账户已创建，请登录。', en: 'The administrator account is created. Log in with it.' },
  e_MISSING: { zh: '请输入用户名和密码。', en: 'Enter your user name and password.' },
  e_BAD_CREDENTIALS: { zh: '用户名或密码不正确。', en: 'The user name or password is not correct.' },
  e_LOGIN_RATE_LIMITED: {
    zh: '登录尝试过多，请在 {s} 秒后重试。',
    en: 'Too many attempts. Try again in {s} s.',
  },
  e_UNREACHABLE: {
    zh: '无法连接服务器，请检查网络后重试。',
    en: 'The server cannot be reached. Check the connection and try again.',
  },
  e_SERVER: { zh: '服务器未能处理登录（{s}）。', en: 'The server could not process the log-in ({s}).' },
  e_ACCOUNT_DISABLED: { zh: '该账户已停用，请联系管理员。', en: 'This account is disabled. Ask an administrator.' },
  reasonCode: { zh: '原因代码', en: 'reason code' },
  setupTitle: { zh: '首次启动：创建管理员', en: 'First start: create the administrator' },
  setupIntro: {
    zh: '服务器首次启动时在日志中打印了一次性设置密钥。输入该密钥并设置管理员的用户名和密码。密钥使用一次即失效。',
    en: "At its first start the server printed a one-time set-up secret in its log. Enter it and choose the administrator's user name and password. The secret works once.",
  },
  secret: { zh: '一次性设置密钥', en: 'One-time set-up secret' },
  displayName: { zh: '显示名称', en: 'Display name' },
  newPassword: { zh: '新密码（至少 8 个字符）', en: 'New password (at least 8 characters)' },
  confirmPassword: { zh: '再次输入新密码', en: 'New password again' },
  createAdmin: { zh: '创建管理员', en: 'Create the administrator' },
  e_SHORT_PASSWORD: { zh: '密码至少需要 8 个字符。', en: 'The password needs at least 8 characters.' },
  e_USERNAME: {
    zh: '用户名：1–64 个小写字母、数字、点、横线或下划线，以字母或数字开头。',
    en: 'User name: 1–64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.',
  },
  e_MISMATCH: { zh: '两次输入的密码不一致。', en: 'The two passwords differ.' },
  e_SETUP_MISSING: { zh: '请填写所有字段。', en: 'Fill in every field.' },
  e_SETUP_SECRET: { zh: '设置密钥不正确。', en: 'The set-up secret is not correct.' },
  e_SETUP_DONE: {
    zh: '管理员已存在，首次设置已完成。',
    en: 'An administrator already exists; the first start is done.',
  },
  goLogin: { zh: '前往登录', en: 'Go to log-in' },
  logOut: { zh: '退出登录', en: 'Log out' },
  account: { zh: '当前账户', en: 'Signed in' },
  pages: { zh: '页面', en: 'Pages' },
  refusedTitle: { zh: '无权访问此页面', en: 'This page is not open to you' },
  refusedText: {
    zh: '您的角色（{r}）不能打开此页面。',
    en: 'Your role ({r}) cannot open this page.',
  },
  goHome: { zh: '返回我的首页', en: 'Go to my start page' },
  unreachableTitle: { zh: '无法连接服务器', en: 'The server cannot be reached' },
  retry: { zh: '重试', en: 'Try again' },
  r_admin: { zh: '管理员', en: 'Administrator' },
  r_operator: { zh: '运行人员', en: 'Operator' },
  r_technician: { zh: '技术人员', en: 'Technician' },
  r_regulator: { zh: '监管人员', en: 'Regulator' },
  scopeAll: { zh: '全部', en: 'everything' },
  scopePlants: { zh: '厂', en: 'plants' },
  scopeEnterprises: { zh: '企业', en: 'enterprises' },
  scopeRegions: { zh: '行政区', en: 'regions' },
} as const;

export type AuthKey = keyof typeof AUTH_UI;

/** A label, with `{s}` / `{r}` filled in where given. */
export function ta(lang: Lang, key: AuthKey, fill: Record<string, string | number> = {}): string {
  return AUTH_UI[key][lang].replace(/\{(\w)\}/g, (_, k: string) => String(fill[k] ?? ''));
}

export const roleLabel = (lang: Lang, role: Role): string => ta(lang, `r_${role}`);

/** "plants xa-cement, bj-chem · regions 610100"; an administrator's reads "everything", an empty one "—". */
export function scopeText(lang: Lang, role: Role, scope: Scope): string {
  if (role === 'admin') return ta(lang, 'scopeAll');
  const parts = (
    [
      ['scopeEnterprises', scope.enterprises],
      ['scopePlants', scope.plants],
      ['scopeRegions', scope.regions],
    ] as const
  )
    .filter(([, list]) => list && list.length)
    .map(([key, list]) => `${ta(lang, key)} ${list!.join(', ')}`);
  return parts.length ? parts.join(' · ') : '—';
}

/** The language the pages share (the switch on every page stores it). */
export function currentLang(): Lang {
  const stored = localStorage.getItem('qw.lang');
  if (stored === 'zh' || stored === 'en') return stored;
  return navigator.language.startsWith('zh') ? 'zh' : 'en';
}
