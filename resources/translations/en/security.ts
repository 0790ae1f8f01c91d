<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>security</name>
    <message>
      <source>校验操作日志的哈希链：完整时退出码 0，被改动时退出码 3</source>
      <translation>Check the operation log's hash chain: exit 0 when intact, 3 when it was changed</translation>
    </message>
    <message>
      <source>输出 JSON</source>
      <translation>Print JSON</translation>
    </message>
    <message>
      <source>主账号记下的链头代码（如 1234-89ABCDEF），可重复</source>
      <translation>A chain head code the owner wrote down (e.g. 1234-89ABCDEF); may be repeated</translation>
    </message>
    <message>
      <source>日志末尾</source>
      <translation>end of the log</translation>
    </message>
    <message>
      <source>链头代码格式不正确：{code}（应为 数字-8位十六进制，如 1234-89ABCDEF）</source>
      <translation>Malformed chain head code: {code} (expected number-8 hex digits, e.g. 1234-89ABCDEF)</translation>
    </message>
    <message>
      <source>操作日志完整：共 {n} 条，链头代码 {head}。</source>
      <translation>The operation log is intact: {n} entries, chain head code {head}.</translation>
    </message>
    <message>
      <source>第 {id} 条</source>
      <translation>entry {id}</translation>
    </message>
    <message>
      <source>操作日志校验失败（{where}）：{reason}</source>
      <translation>The operation log failed verification ({where}): {reason}</translation>
    </message>
    <message>
      <source>主账号：解除登录锁定、创建控制台数据库角色</source>
      <translation>Main account: lift sign-in locks, create the console database role</translation>
    </message>
    <message>
      <source>在存放数据库的电脑上解除主账号的登录锁定</source>
      <translation>Lift the main account's sign-in locks on the computer holding the database</translation>
    </message>
    <message>
      <source>存放一个恢复码的环境变量名（用后作废）</source>
      <translation>Environment variable holding a recovery code (spent once used)</translation>
    </message>
    <message>
      <source>在 PostgreSQL 上创建控制台使用的受限数据库角色</source>
      <translation>Create the restricted database role consoles use on PostgreSQL</translation>
    </message>
    <message>
      <source>角色名（小写字母、数字、下划线）</source>
      <translation>Role name (lower-case letters, digits, underscores)</translation>
    </message>
    <message>
      <source>存放该角色密码的环境变量名</source>
      <translation>Environment variable holding the role's password</translation>
    </message>
    <message>
      <source>已解除主账号 {nick} 的登录锁定。</source>
      <translation>Sign-in locks of the main account {nick} lifted.</translation>
    </message>
    <message>
      <source>已创建控制台角色 {name}：它只能追加操作日志，不能读取密码哈希。</source>
      <translation>Console role {name} created: it can only append to the operation log and cannot read password hashes.</translation>
    </message>
    <message>
      <source>密码不正确，未解锁。</source>
      <translation>Wrong password; still locked.</translation>
    </message>
    <message>
      <source>第 {id} 条没有链位置：它是在程序之外插入的。</source>
      <translation>Entry {id} has no place in the chain: it was inserted outside the program.</translation>
    </message>
    <message>
      <source>第 {id} 条的位置 {seq} 不在顺序上：条目被插入或调换了顺序。</source>
      <translation>Entry {id} is out of order (position {seq}): entries were inserted or reordered.</translation>
    </message>
    <message>
      <source>第 {id} 条之前缺少 {n} 条：条目被删除了。</source>
      <translation>{n} entries are missing before entry {id}: entries were deleted.</translation>
    </message>
    <message>
      <source>第 {id} 条与前一条接不上：前面的条目被改动、删除或调换了。</source>
      <translation>Entry {id} does not link to the one before: earlier entries were changed, deleted or reordered.</translation>
    </message>
    <message>
      <source>第 {id} 条的内容与它的哈希不符：条目被改动了。</source>
      <translation>Entry {id} does not match its hash: the entry was edited.</translation>
    </message>
    <message>
      <source>已知的链头在第 {seq} 个位置，而日志只有 {n} 条：最新的条目被删除了。</source>
      <translation>The known chain head is at position {seq} but the log holds only {n} entries: the newest entries were deleted.</translation>
    </message>
    <message>
      <source>第 {seq} 个位置的哈希与已知链头不符：日志被重建过。</source>
      <translation>The hash at position {seq} does not match the known chain head: the log was rebuilt.</translation>
    </message>
    <message>
      <source>登录已结束，请重新登录。</source>
      <translation>Your session has ended; please sign in again.</translation>
    </message>
    <message>
      <source>你已退出登录。</source>
      <translation>You have signed out.</translation>
    </message>
    <message>
      <source>该账号已被冻结，登录已结束。</source>
      <translation>This account was frozen; its session has ended.</translation>
    </message>
    <message>
      <source>该账号已删除（离职），登录已结束。</source>
      <translation>This account was deleted (left); its session has ended.</translation>
    </message>
    <message>
      <source>主账号结束了你的登录。</source>
      <translation>The main account ended your session.</translation>
    </message>
    <message>
      <source>该账号已在另一台设备登录，本机的登录已结束。</source>
      <translation>This account signed in on another device; the session here has ended.</translation>
    </message>
    <message>
      <source>密码已修改，请重新登录。</source>
      <translation>The password was changed; please sign in again.</translation>
    </message>
    <message>
      <source>登录已过期，请重新登录。</source>
      <translation>Your session expired; please sign in again.</translation>
    </message>
    <message>
      <source>该账号在本机重新登录，旧的登录已结束。</source>
      <translation>This account signed in again on this console; the old session has ended.</translation>
    </message>
    <message>
      <source>你正在使用一次性密码：请先修改密码。</source>
      <translation>You are using a one-time password: change your password first.</translation>
    </message>
    <message>
      <source>电脑已锁定：请输入密码解锁。</source>
      <translation>This console is locked: enter your password to unlock it.</translation>
    </message>
    <message>
      <source>控制台角色只用于 PostgreSQL 数据库。</source>
      <translation>Console roles are for PostgreSQL databases only.</translation>
    </message>
    <message>
      <source>角色名只能包含小写字母、数字和下划线，且不能以数字开头。</source>
      <translation>A role name may contain only lower-case letters, digits and underscores, and may not start with a digit.</translation>
    </message>
    <message>
      <source>控制台角色的密码至少 12 个字符。</source>
      <translation>The console role's password needs at least 12 characters.</translation>
    </message>
    <message>
      <source>全天</source>
      <translation>all day</translation>
    </message>
    <message>
      <source>锁定前允许的错误次数</source>
      <translation>Wrong attempts before locking</translation>
    </message>
    <message>
      <source>锁定时长（分钟）</source>
      <translation>Lock duration (minutes)</translation>
    </message>
    <message>
      <source>广告条数上限</source>
      <translation>Ad message limit</translation>
    </message>
    <message>
      <source>广告统计时长（分钟）</source>
      <translation>Ad counting window (minutes)</translation>
    </message>
    <message>
      <source>登录时段格式不正确：应为“开始–结束”两个时间。</source>
      <translation>Malformed sign-in window: expected two times, "start–end".</translation>
    </message>
    <message>
      <source>{field}须为 {low}–{high} 的整数。</source>
      <translation>{field} must be a whole number from {low} to {high}.</translation>
    </message>
    <message>
      <source>登录时段 {start}–{end} 的开始时间须早于结束时间（跨夜请分成两段）。</source>
      <translation>The sign-in window {start}–{end} must start before it ends (split an overnight window in two).</translation>
    </message>
    <message>
      <source>登录时段 {a} 与 {b} 重叠，请合并成一段。</source>
      <translation>The sign-in windows {a} and {b} overlap; merge them into one.</translation>
    </message>
    <message>
      <source>时间格式不正确：{value}（应为 HH:MM，如 08:00）。</source>
      <translation>Malformed time: {value} (expected HH:MM, e.g. 08:00).</translation>
    </message>
    <message>
      <source>请提供主账号密码或一个恢复码。</source>
      <translation>Give the main account's password or a recovery code.</translation>
    </message>
    <message>
      <source>密码或恢复码不正确，没有解除锁定。</source>
      <translation>Wrong password or recovery code; nothing was unlocked.</translation>
    </message>
    <message>
      <source>{nick} 在 {window} 分钟内发送了 {n} 条广告消息，已被自动冻结。解冻需主账号决定。</source>
      <translation>{nick} sent {n} ad messages within {window} minutes and was frozen automatically. Unfreezing is the main account's call.</translation>
    </message>
    <message>
      <source>新密码不能与原密码（包括一次性密码）相同。</source>
      <translation>The new password may not equal the old one (one-time passwords included).</translation>
    </message>
    <message>
      <source>只有主账号可以修改绑定手机；子账号不能修改自己的绑定手机。</source>
      <translation>Only the main account can change a bound phone; a sub-account cannot change its own.</translation>
    </message>
    <message>
      <source>密码不正确：需要重新输入你自己的登录密码才能继续。</source>
      <translation>Wrong password: re-enter your own sign-in password to continue.</translation>
    </message>
    <message>
      <source>这是主账号，这里只能设置子账号。</source>
      <translation>This is the main account; only sub-accounts can be set here.</translation>
    </message>
    <message>
      <source>两步验证只用于主账号。</source>
      <translation>Two-step sign-in is for the main account only.</translation>
    </message>
    <message>
      <source>设备记录不存在。</source>
      <translation>No such device record.</translation>
    </message>
    <message>
      <source>这个登录已经结束了。</source>
      <translation>This session has already ended.</translation>
    </message>
    <message>
      <source>原密码不正确，密码没有修改。</source>
      <translation>The old password is wrong; the password was not changed.</translation>
    </message>
    <message>
      <source>不能给自己设置一次性密码，请用“修改密码”。</source>
      <translation>You cannot give yourself a one-time password; use "Change password".</translation>
    </message>
    <message>
      <source>账号不存在或已离职。</source>
      <translation>The account does not exist or has left.</translation>
    </message>
    <message>
      <source>编号</source>
      <translation>No.</translation>
    </message>
    <message>
      <source>手机号 {phone} 已绑定其他账号，一个手机号只能绑定一个账号。</source>
      <translation>The phone {phone} is bound to another account; a phone can be bound to one account only.</translation>
    </message>
    <message>
      <source>主账号拒绝了这台设备登录该账号。</source>
      <translation>The main account refused this device for this account.</translation>
    </message>
    <message>
      <source>（主账号允许切换时，可选择“在本机登录并结束另一处登录”。）</source>
      <translation> (The main account allows switching: choose "Sign in here and end the other session".)</translation>
    </message>
    <message>
      <source>这台设备还在等待主账号批准，批准后才能登录。</source>
      <translation>This device is still waiting for the main account's approval.</translation>
    </message>
    <message>
      <source>请输入身份验证器上的 6 位验证码（或一个恢复码）。</source>
      <translation>Enter the 6-digit code from your authenticator app (or a recovery code).</translation>
    </message>
    <message>
      <source>恢复码不正确或已经用过。</source>
      <translation>The recovery code is wrong or already used.</translation>
    </message>
    <message>
      <source>密码错误次数过多，本机已暂停登录这个账号，请 {minutes} 分钟后再试。</source>
      <translation>Too many wrong passwords: this console may not sign in to this account for {minutes} more minutes.</translation>
    </message>
    <message>
      <source>现在不在允许登录的时段内（{hours}，店铺时间）。</source>
      <translation>Sign-in is not allowed at this time (allowed: {hours}, shop time).</translation>
    </message>
    <message>
      <source>这是该账号第一次在这台设备上登录，需要主账号在“安全设置”里批准。</source>
      <translation>This is the account's first sign-in from this device; the main account must approve it under Security settings.</translation>
    </message>
    <message>
      <source>该账号已在另一台设备登录（{since} 起）：同一账号同时只能登录一处，请勿出借子账号。{hint}</source>
      <translation>This account is signed in on another device (since {since}): an account may be signed in at one place only; do not lend sub-accounts.{hint}</translation>
    </message>
    <message>
      <source>密码连续输错 {n} 次，本机已暂停登录这个账号 {minutes} 分钟。</source>
      <translation>{n} wrong passwords in a row: this console may not sign in to this account for {minutes} minutes.</translation>
    </message>
    <message>
      <source>验证码不正确或已过期，请核对手机时间后输入最新的验证码。</source>
      <translation>The code is wrong or expired; check your phone's clock and enter the newest code.</translation>
    </message>
    <message>
      <source>验证码应为 6 位数字。</source>
      <translation>The code must be 6 digits.</translation>
    </message>
    <message>
      <source>这个验证码已经用过了，请等下一个验证码。</source>
      <translation>This code was already used; wait for the next one.</translation>
    </message>
    <message>
      <source>修改密码</source>
      <translation>Change password</translation>
    </message>
    <message>
      <source>原密码</source>
      <translation>Old password</translation>
    </message>
    <message>
      <source>确认新密码</source>
      <translation>Confirm new password</translation>
    </message>
    <message>
      <source>你自己的登录密码</source>
      <translation>Your own sign-in password</translation>
    </message>
    <message>
      <source>新手机号</source>
      <translation>New phone</translation>
    </message>
    <message>
      <source>验证主账号密码</source>
      <translation>Main account password</translation>
    </message>
    <message>
      <source>已锁定</source>
      <translation>Locked</translation>
    </message>
    <message>
      <source>解锁</source>
      <translation>Unlock</translation>
    </message>
    <message>
      <source>开启两步验证</source>
      <translation>Turn on two-step sign-in</translation>
    </message>
    <message>
      <source>用手机上的身份验证器（如 Google Authenticator、微软验证器）扫描二维码，再输入它显示的 6 位验证码。</source>
      <translation>Scan the QR code with an authenticator app on your phone (e.g. Google or Microsoft Authenticator), then enter the 6-digit code it shows.</translation>
    </message>
    <message>
      <source>验证码</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>你的登录密码</source>
      <translation>Your sign-in password</translation>
    </message>
    <message>
      <source>你正在使用主账号设置的一次性密码：请先设置自己的新密码。</source>
      <translation>You are using a one-time password from the main account: set your own new password first.</translation>
    </message>
    <message>
      <source>两次输入的新密码不一致。</source>
      <translation>The two new passwords differ.</translation>
    </message>
    <message>
      <source>{nick} 长时间未操作，掌柜已锁定。输入密码解锁。</source>
      <translation>{nick} was idle for a long time and Zhanggui locked itself. Enter the password to unlock.</translation>
    </message>
    <message>
      <source>无法扫码时手动输入密钥：{secret}</source>
      <translation>If you cannot scan, enter this key by hand: {secret}</translation>
    </message>
    <message>
      <source>把链头代码抄写下来：以后校验时，即使有人重建了整条日志也能发现。</source>
      <translation>Write the chain head code down: later checks then catch even a rebuilt log.</translation>
    </message>
    <message>
      <source>校验</source>
      <translation>Verify</translation>
    </message>
    <message>
      <source>导出 CSV</source>
      <translation>Export CSV</translation>
    </message>
    <message>
      <source>重新生成恢复码</source>
      <translation>New recovery codes</translation>
    </message>
    <message>
      <source>结束所选登录</source>
      <translation>End selected session</translation>
    </message>
    <message>
      <source>登录保护</source>
      <translation>Sign-in protection</translation>
    </message>
    <message>
      <source>设备与登录</source>
      <translation>Devices and sessions</translation>
    </message>
    <message>
      <source>账号安全</source>
      <translation>Account security</translation>
    </message>
    <message>
      <source>我的账号</source>
      <translation>My account</translation>
    </message>
    <message>
      <source>从</source>
      <translation>From</translation>
    </message>
    <message>
      <source>到</source>
      <translation>to</translation>
    </message>
    <message>
      <source>导出操作日志</source>
      <translation>Export the operation log</translation>
    </message>
    <message>
      <source>终端</source>
      <translation>Client</translation>
    </message>
    <message>
      <source>设备编号</source>
      <translation>Device ID</translation>
    </message>
    <message>
      <source>登录时间</source>
      <translation>Signed in</translation>
    </message>
    <message>
      <source>最近活动</source>
      <translation>Last active</translation>
    </message>
    <message>
      <source>我的登录</source>
      <translation>My sessions</translation>
    </message>
    <message>
      <source>关闭两步验证</source>
      <translation>Turn off two-step sign-in</translation>
    </message>
    <message>
      <source>我的账号：{nick}</source>
      <translation>My account: {nick}</translation>
    </message>
    <message>
      <source>两步验证：已开启</source>
      <translation>Two-step sign-in: on</translation>
    </message>
    <message>
      <source>两步验证：未开启（建议开启）</source>
      <translation>Two-step sign-in: off (recommended)</translation>
    </message>
    <message>
      <source>链头代码：{code}</source>
      <translation>Chain head: {code}</translation>
    </message>
    <message>
      <source>日志完整：共 {n} 条，没有被改动。</source>
      <translation>Log intact: {n} entries, nothing changed.</translation>
    </message>
    <message>
      <source>日志被改动过：{reason}</source>
      <translation>The log was tampered with: {reason}</translation>
    </message>
    <message>
      <source>恢复码</source>
      <translation>Recovery codes</translation>
    </message>
    <message>
      <source>两步验证已开启。请把这些恢复码抄写或打印后妥善保管：手机丢失时，每个恢复码可代替验证码使用一次。它们只显示这一次。</source>
      <translation>Two-step sign-in is on. Write down or print these recovery codes and keep them safe: if you lose your phone, each one replaces a code once. They are shown only this once.</translation>
    </message>
    <message>
      <source>新的恢复码（旧的已作废），只显示这一次：</source>
      <translation>New recovery codes (the old ones no longer work), shown only this once:</translation>
    </message>
    <message>
      <source>连续输错几次锁定</source>
      <translation>Lock after wrong attempts</translation>
    </message>
    <message>
      <source>锁定分钟数</source>
      <translation>Lock minutes</translation>
    </message>
    <message>
      <source>允许登录时段（店铺时间）</source>
      <translation>Sign-in hours (shop time)</translation>
    </message>
    <message>
      <source>新设备需主账号批准</source>
      <translation>New devices need approval</translation>
    </message>
    <message>
      <source>同一账号只能登录一处</source>
      <translation>One session per account</translation>
    </message>
    <message>
      <source>允许在新设备登录时挤下旧登录</source>
      <translation>Allow switching devices</translation>
    </message>
    <message>
      <source>发广告自动冻结：条数</source>
      <translation>Ad-spam freeze: messages</translation>
    </message>
    <message>
      <source>发广告自动冻结：分钟内</source>
      <translation>Ad-spam freeze: within minutes</translation>
    </message>
    <message>
      <source>如 08:00-23:00；留空为全天</source>
      <translation>e.g. 08:00-23:00; empty = all day</translation>
    </message>
    <message>
      <source>留空为跟随店铺</source>
      <translation>empty = as the shop</translation>
    </message>
    <message>
      <source>跟随店铺</source>
      <translation>As the shop</translation>
    </message>
    <message>
      <source>店铺的登录保护（对所有子账号生效，可在“账号安全”里为单个子账号单独设置）</source>
      <translation>The shop's sign-in protection (for every sub-account; set one account apart under Account security)</translation>
    </message>
    <message>
      <source>待批准</source>
      <translation>Waiting</translation>
    </message>
    <message>
      <source>已批准</source>
      <translation>Approved</translation>
    </message>
    <message>
      <source>已拒绝</source>
      <translation>Refused</translation>
    </message>
    <message>
      <source>批准设备</source>
      <translation>Approve device</translation>
    </message>
    <message>
      <source>拒绝设备</source>
      <translation>Refuse device</translation>
    </message>
    <message>
      <source>结束登录</source>
      <translation>End session</translation>
    </message>
    <message>
      <source>设置一次性密码</source>
      <translation>One-time password</translation>
    </message>
    <message>
      <source>单独设置登录保护</source>
      <translation>Own sign-in protection</translation>
    </message>
    <message>
      <source>当前登录</source>
      <translation>Active sessions</translation>
    </message>
    <message>
      <source>设备名</source>
      <translation>Device name</translation>
    </message>
    <message>
      <source>首次出现</source>
      <translation>First seen</translation>
    </message>
    <message>
      <source>一次性密码</source>
      <translation>One-time password</translation>
    </message>
    <message>
      <source>两步验证</source>
      <translation>Two-step</translation>
    </message>
    <message>
      <source>单独设置</source>
      <translation>Own settings</translation>
    </message>
    <message>
      <source>{nick} 的登录保护</source>
      <translation>Sign-in protection of {nick}</translation>
    </message>
    <message>
      <source>已设置</source>
      <translation>set</translation>
    </message>
    <message>
      <source>未设置（不能登录）</source>
      <translation>none (cannot sign in)</translation>
    </message>
    <message>
      <source>把这个一次性密码告诉 {nick}。它只显示这一次；对方登录后必须立即设置新密码。</source>
      <translation>Give this one-time password to {nick}. It is shown only this once; they must set a new password right after signing in.</translation>
    </message>
    <message>
      <source>我的账号（密码、登录）…</source>
      <translation>My account (password, sessions)…</translation>
    </message>
    <message>
      <source>6 位验证码或恢复码</source>
      <translation>6-digit code or recovery code</translation>
    </message>
    <message>
      <source>在本机登录，并结束该账号在另一处的登录</source>
      <translation>Sign in here and end the other session</translation>
    </message>
  </context>
</TS>
