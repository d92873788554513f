import { defineMessages, registerMessages } from '../core/i18n.js';

/** The org module's user-facing messages (zh-CN default, en). */
export const orgMessages = defineMessages({
  'org.auth.invalid_credentials': { zh: '用户名或密码错误', en: 'Wrong username or password' },
  'org.auth.account_locked': { zh: '登录失败次数过多，账户已锁定至 {lockedUntil}', en: 'Too many failed sign-ins; the account is locked until {lockedUntil}' },
  'org.auth.account_disabled': { zh: '账户已停用，请联系平台管理员', en: 'This account is disabled; contact the platform administrator' },
  'org.auth.invalid_token': { zh: '访问令牌无效', en: 'The access token is not valid' },
  'org.auth.session_expired': { zh: '会话已过期，请重新登录', en: 'The session has expired; please sign in again' },
  'org.auth.token_expired': { zh: '访问令牌已过期', en: 'The access token has expired' },
  'org.auth.token_revoked': { zh: '访问令牌已被吊销', en: 'The access token has been revoked' },
  'org.auth.system_disabled': { zh: '该令牌所属的应用系统已停用', en: "The token's application system is disabled" },
  'org.auth.users_only': { zh: '此操作仅限登录用户', en: 'Only signed-in users can do this' },

  'org.password.weak': { zh: '密码强度不足：至少 {minLength} 位，包含小写字母、大写字母、数字、符号中的三类，且不得包含用户名', en: 'Password too weak: at least {minLength} characters, three of lower case, upper case, digits and symbols, and not containing the username' },
  'org.password.too_short': { zh: '密码至少 {minLength} 位', en: 'The password needs at least {minLength} characters' },
  'org.password.too_long': { zh: '密码不得超过 256 位', en: 'The password must not exceed 256 characters' },
  'org.password.too_few_classes': { zh: '密码须包含小写字母、大写字母、数字、符号中的至少三类', en: 'The password needs three of: lower case, upper case, digits, symbols' },
  'org.password.contains_username': { zh: '密码不得包含用户名', en: 'The password must not contain the username' },
  'org.password.wrong_current': { zh: '当前密码不正确', en: 'The current password is wrong' },
  'org.password.reused': { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },

  'org.unit.not_found': { zh: '单位不存在：{id}', en: 'No such unit: {id}' },
  'org.unit.invalid_uscc': { zh: '统一社会信用代码无效：{code}（应为 18 位，校验位正确）', en: 'Invalid unified social credit code: {code} (18 characters with a correct check character)' },
  'org.unit.code_taken': { zh: '统一社会信用代码已被单位使用：{code}', en: 'The unified social credit code is already used by a unit: {code}' },
  'org.unit.parent_not_found': { zh: '上级单位不存在：{id}', en: 'The parent unit does not exist: {id}' },
  'org.unit.cycle': { zh: '上级单位设置无效：会形成循环隶属', en: 'Invalid parent: the units would form a cycle' },
  'org.field.blank': { zh: '{field} 不能为空', en: '{field} must not be blank' },

  'org.user.not_found': { zh: '用户不存在：{id}', en: 'No such user: {id}' },
  'org.user.invalid_username': { zh: '用户名须为 3–32 位小写字母、数字或 _ . -', en: 'The username must be 3–32 characters of lower-case letters, digits, _ . -' },
  'org.user.username_taken': { zh: '用户名已存在：{username}', en: 'The username is already taken: {username}' },
  'org.user.unit_not_found': { zh: '所属单位不存在：{id}', en: 'The unit does not exist: {id}' },
  'org.user.unit_required': { zh: '除平台管理员外，用户必须属于一个单位', en: 'Every user except a platform administrator must belong to a unit' },
  'org.user.invalid_role': { zh: '无效的角色：{role}', en: 'Unknown role: {role}' },
  'org.user.no_roles': { zh: '至少需要一个角色', en: 'At least one role is required' },
  'org.user.invalid_email': { zh: '电子邮箱格式错误', en: 'Invalid e-mail address' },
  'org.user.invalid_phone': { zh: '电话号码格式错误', en: 'Invalid phone number' },
  'org.user.last_admin': { zh: '不能停用或降级最后一个有效的平台管理员', en: 'The last active platform administrator cannot be disabled or lose that role' },

  'org.system.not_found': { zh: '应用系统不存在：{id}', en: 'No such application system: {id}' },
  'org.system.invalid_code': { zh: '系统编码须为 1–64 位字母、数字或 _ . -', en: 'The system code must be 1–64 letters, digits, _ . -' },
  'org.system.code_taken': { zh: '该单位已有编码为 {code} 的应用系统', en: 'The unit already has an application system with code {code}' },
  'org.system.disabled': { zh: '应用系统已停用，不能签发令牌', en: 'The application system is disabled; no tokens can be issued' },

  'org.token.not_found': { zh: '访问令牌不存在：{id}', en: 'No such token: {id}' },
  'org.token.invalid_scope': { zh: '无效的令牌权限范围：{scope}', en: 'Unknown token scope: {scope}' },
  'org.token.no_scopes': { zh: '至少需要一个权限范围', en: 'At least one scope is required' },
  'org.token.invalid_days': { zh: '有效期须为 1–{max} 天', en: 'The validity must be 1–{max} days' },
});
registerMessages(orgMessages);
