import type { Lang } from './i18n.js';

/** Labels of the users-and-tokens page (admin.ts), in both languages. */
const ADMIN_UI = {
  title: { zh: '用户与 API 令牌', en: 'Users and API tokens' },
  console: { zh: '运行监视', en: 'Operations' },
  switchLang: { zh: 'English', en: '中文' },
  users: { zh: '用户', en: 'Users' },
  tokens: { zh: 'API 令牌（系统集成）', en: 'API tokens (integrations)' },
  newUser: { zh: '新建用户', en: 'New user' },
  newToken: { zh: '新建令牌', en: 'New token' },
  username: { zh: '用户名', en: 'User name' },
  displayName: { zh: '显示名称', en: 'Display name' },
  role: { zh: '角色', en: 'Role' },
  scope: { zh: '范围', en: 'Scope' },
  resetPassword: { zh: '重置密码', en: 'Reset password' },
  delete: { zh: '删除', en: 'Delete' },
  status: { zh: '状态', en: 'Status' },
  enabled: { zh: '已启用', en: 'Enabled' },
  disabledSince: { zh: '已停用（{u}）', en: 'Disabled ({u})' },
  disable: { zh: '停用', en: 'Disable' },
  enable: { zh: '启用', en: 'Enable' },
  revoke: { zh: '吊销', en: 'Revoke' },
  createUser: { zh: '创建用户', en: 'Create user' },
  createToken: { zh: '创建令牌', en: 'Create token' },
  tokenName: { zh: '名称（用途）', en: 'Name (what it is for)' },
  expiresInDays: { zh: '有效期（天）', en: 'Valid for (days)' },
  createdBy: { zh: '创建人', en: 'Created by' },
  created: { zh: '创建时间', en: 'Created' },
  expires: { zh: '到期', en: 'Expires' },
  never: { zh: '不过期', en: 'never' },
  lastUsed: { zh: '最近使用', en: 'Last used' },
  enterprises: { zh: '企业（含其全部厂）', en: 'Enterprises (all their plants)' },
  plants: { zh: '厂', en: 'Plants' },
  regions: { zh: '行政区划代码（6 位，逗号分隔）', en: 'Region codes (6 digits, comma-separated)' },
  scopeAdmin: { zh: '管理员可见全部，无需范围。', en: 'An administrator sees everything; no scope.' },
  none: { zh: '暂无', en: 'None' },
  you: { zh: '（您）', en: ' (you)' },
  passwordOnce: {
    zh: '用户 {u} 的新密码（仅显示这一次，请立即安全地转交）：',
    en: 'New password of {u} (shown this once only; hand it over safely now):',
  },
  tokenOnce: {
    zh: '令牌 {u}（仅显示这一次，请立即保存到集成系统中）：',
    en: 'Token {u} (shown this once only; store it in the integration now):',
  },
  copy: { zh: '复制', en: 'Copy' },
  copied: { zh: '已复制', en: 'Copied' },
  dismiss: { zh: '我已保存，关闭', en: 'Saved it; close' },
  confirmDelete: { zh: '删除用户 {u}？此操作不可撤销。', en: 'Delete the user {u}? This cannot be undone.' },
  confirmDisable: {
    zh: '停用用户 {u}？其会话、API 令牌和实时连接将立即失效，直到再次启用。',
    en: 'Disable the user {u}? Their sessions, API tokens and live connections stop at once, until enabled again.',
  },
  confirmRevoke: {
    zh: '吊销令牌 {u}？使用它的集成将立即失去访问权限。',
    en: 'Revoke the token {u}? Integrations using it lose access at once.',
  },
  e_USERNAME: {
    zh: '用户名：2–64 个字母、数字、点、横线或下划线。',
    en: 'User name: 2–64 letters, digits, dots, dashes or underscores.',
  },
  e_NAME: { zh: '请填写令牌名称。', en: 'Give the token a name.' },
  e_SCOPE: { zh: '请至少选择一个范围（厂、企业或行政区）。', en: 'Choose at least one plant, enterprise or region.' },
  e_REGION: { zh: '行政区划代码须为 6 位数字：{u}', en: 'Region codes have 6 digits: {u}' },
  e_DAYS: { zh: '有效期须为 1–3650 天。', en: 'Validity is 1 to 3650 days.' },
  failed: { zh: '操作未成功', en: 'Not done' },
} as const;

export type AdminKey = keyof typeof ADMIN_UI;

export function tm(lang: Lang, key: AdminKey, fill: Record<string, string> = {}): string {
  return ADMIN_UI[key][lang].replace(/\{u\}/g, fill.u ?? '');
}
