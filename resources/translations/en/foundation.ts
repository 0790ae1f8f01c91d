<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>foundation</name>
    <message>
      <source>内部错误，请把以上信息反馈给开发者。</source>
      <translation>Internal error; please send the text above to the developers.</translation>
    </message>
    <message>
      <source>环境变量 {var} 未设置（应包含密码）。</source>
      <translation>Environment variable {var} is not set (it should hold the password).</translation>
    </message>
    <message>
      <source>参数错误：{message}</source>
      <translation>Invalid arguments: {message}</translation>
    </message>
    <message>
      <source>掌柜：店铺子账号、客服分流与绩效工作台</source>
      <translation>Zhanggui: sub-accounts, customer-service routing and performance for your shop</translation>
    </message>
    <message>
      <source>数据库地址（默认：用户数据目录下的 SQLite 文件；ZHANGGUI_DB 可覆盖）</source>
      <translation>database URL (default: a SQLite file in the user data directory; ZHANGGUI_DB overrides)</translation>
    </message>
    <message>
      <source>界面语言（默认跟随系统）</source>
      <translation>interface language (default: the system language)</translation>
    </message>
    <message>
      <source>打开演示店铺（独立的数据文件）</source>
      <translation>open the demo shop (in its own data file)</translation>
    </message>
    <message>
      <source>逐个显示面板并保存截图到 DIR，然后退出</source>
      <translation>show every panel in turn, save screenshots to DIR, then exit</translation>
    </message>
    <message>
      <source>创建店铺和主账号</source>
      <translation>create the shop and its main account</translation>
    </message>
    <message>
      <source>店铺名</source>
      <translation>Shop name</translation>
    </message>
    <message>
      <source>主账号绑定手机（中国大陆手机号）</source>
      <translation>the main account's bound phone (a mainland China mobile number)</translation>
    </message>
    <message>
      <source>存放主账号密码的环境变量名</source>
      <translation>name of the environment variable holding the main account's password</translation>
    </message>
    <message>
      <source>店铺时区（默认 Asia/Shanghai）</source>
      <translation>the shop's time zone (default Asia/Shanghai)</translation>
    </message>
    <message>
      <source>已创建店铺 {shop}，主账号 {nick}。</source>
      <translation>Created shop {shop} with main account {nick}.</translation>
    </message>
    <message>
      <source>该账号已不可用。</source>
      <translation>This account is no longer available.</translation>
    </message>
    <message>
      <source>请输入账号和密码。</source>
      <translation>Please enter your account and password.</translation>
    </message>
    <message>
      <source>账号或密码错误。</source>
      <translation>Wrong account or password.</translation>
    </message>
    <message>
      <source>密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试。</source>
      <translation>Too many wrong passwords: the account is locked. Try again in {minutes} minutes.</translation>
    </message>
    <message>
      <source>密码连续输错 {n} 次，账号已锁定 {minutes} 分钟。</source>
      <translation>Wrong password {n} times in a row: the account is locked for {minutes} minutes.</translation>
    </message>
    <message>
      <source>该账号已被冻结，请联系主账号。</source>
      <translation>This account is frozen; please contact the main account.</translation>
    </message>
    <message>
      <source>该账号已删除（离职），无法登录。</source>
      <translation>This account was deleted (the employee left) and cannot sign in.</translation>
    </message>
    <message>
      <source>该子账号尚未完成身份认证，请联系主账号登记认证后再登录。</source>
      <translation>This sub-account has not completed identity verification; ask the main account to record it, then sign in.</translation>
    </message>
    <message>
      <source>系统钥匙串不可用，无法记住密码。掌柜仍可正常使用，但每次需要输入密码。</source>
      <translation>The system keyring is not available, so the password cannot be remembered. Zhanggui works as usual, but you will need to enter your password each time.</translation>
    </message>
    <message>
      <source>无法写入系统钥匙串：{error}</source>
      <translation>Could not write to the system keyring: {error}</translation>
    </message>
    <message>
      <source>数据库 {url} 已损坏或不是掌柜的数据库：{error}</source>
      <translation>The database {url} is damaged or is not a Zhanggui database: {error}</translation>
    </message>
    <message>
      <source>数据库 {url} 来自更新版本的掌柜（结构版本 {revision}），本版本无法打开它。请升级掌柜后再试；数据库未作任何改动。</source>
      <translation>The database {url} comes from a newer version of Zhanggui (schema {revision}) and this version cannot open it. Please upgrade Zhanggui; the database was not changed.</translation>
    </message>
    <message>
      <source>数据库 {url} 中已有其他程序的数据表，掌柜不会改动它。</source>
      <translation>The database {url} already holds another program's tables; Zhanggui will not change it.</translation>
    </message>
    <message>
      <source>数据库地址无效：{error}</source>
      <translation>Invalid database URL: {error}</translation>
    </message>
    <message>
      <source>无法连接数据库 {url}：{error}</source>
      <translation>Cannot connect to the database {url}: {error}</translation>
    </message>
    <message>
      <source>没有权限：{permission}</source>
      <translation>Permission denied: {permission}</translation>
    </message>
    <message>
      <source>未知的时区：{tz}</source>
      <translation>Unknown time zone: {tz}</translation>
    </message>
    <message>
      <source>这个数据库里已经有店铺了，不能再次初始化。</source>
      <translation>This database already holds a shop; it cannot be initialised again.</translation>
    </message>
    <message>
      <source>数据库里还没有店铺。请先运行首次设置（zhanggui init）。</source>
      <translation>The database has no shop yet. Run the first-time set-up (zhanggui init) first.</translation>
    </message>
    <message>
      <source>请填写手机号。</source>
      <translation>Please enter a phone number.</translation>
    </message>
    <message>
      <source>手机号格式不正确：{phone}</source>
      <translation>Malformed phone number: {phone}</translation>
    </message>
    <message>
      <source>不是有效的中国大陆手机号：{phone}</source>
      <translation>This is not a valid mainland China mobile number: {phone}</translation>
    </message>
    <message>
      <source>密码长度须为 {min}–{max} 个字符。</source>
      <translation>The password must be {min}–{max} characters long.</translation>
    </message>
    <message>
      <source>密码太弱：须包含字母、数字、符号中的至少两种，且不能过于简单。</source>
      <translation>The password is too weak: use at least two of letters, digits and symbols, and nothing too simple.</translation>
    </message>
    <message>
      <source>密码不能包含绑定手机号。</source>
      <translation>The password must not contain the bound phone number.</translation>
    </message>
    <message>
      <source>请填写店铺名。</source>
      <translation>Please enter the shop name.</translation>
    </message>
    <message>
      <source>店铺名须为 1–{max} 个汉字、字母、数字、_ 或 -。</source>
      <translation>The shop name must be 1–{max} Chinese characters, letters, digits, _ or -.</translation>
    </message>
    <message>
      <source>没有屏幕：已在后台打开演示店铺，截图保存在 {path}</source>
      <translation>No screen: the demo shop was opened offscreen and a screenshot was saved to {path}</translation>
    </message>
    <message>
      <source>掌柜无法启动</source>
      <translation>Zhanggui cannot start</translation>
    </message>
    <message>
      <source>这个数据库还没有店铺：请在有屏幕的环境下运行首次设置，或使用 zhanggui init。</source>
      <translation>This database has no shop yet: run the first-time set-up on a machine with a screen, or use zhanggui init.</translation>
    </message>
    <message>
      <source>没有屏幕：无法交互登录。可用 --demo 查看演示店铺。</source>
      <translation>No screen: cannot sign in interactively. Use --demo to look at the demo shop.</translation>
    </message>
    <message>
      <source>系统钥匙串不可用：掌柜可以正常使用，但不会记住密码（也不会把密码存到文件里）。</source>
      <translation>The system keyring is not available: Zhanggui works as usual but will not remember your password (and never stores it in a file).</translation>
    </message>
    <message>
      <source>欢迎使用掌柜：创建店铺</source>
      <translation>Welcome to Zhanggui: create your shop</translation>
    </message>
    <message>
      <source>第一次使用：填写店铺名、主账号绑定的手机号和登录密码。</source>
      <translation>First run: enter the shop name, the main account's bound phone and a password.</translation>
    </message>
    <message>
      <source>至少 8 位，含字母、数字、符号中的两种</source>
      <translation>at least 8 characters, two of letters, digits and symbols</translation>
    </message>
    <message>
      <source>绑定手机</source>
      <translation>Bound phone</translation>
    </message>
    <message>
      <source>确认密码</source>
      <translation>Confirm password</translation>
    </message>
    <message>
      <source>创建店铺</source>
      <translation>Create shop</translation>
    </message>
    <message>
      <source>两次输入的密码不一致。</source>
      <translation>The two passwords do not match.</translation>
    </message>
    <message>
      <source>登录掌柜</source>
      <translation>Sign in to Zhanggui</translation>
    </message>
    <message>
      <source>掌柜</source>
      <translation>Zhanggui</translation>
    </message>
    <message>
      <source>主账号或子账号登录</source>
      <translation>Sign in with the main account or a sub-account</translation>
    </message>
    <message>
      <source>手机号或账号名（店铺名:名字）</source>
      <translation>Phone or account nick (shop:name)</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>账号</source>
      <translation>Account</translation>
    </message>
    <message>
      <source>记住密码（保存在系统钥匙串中）</source>
      <translation>Remember password (kept in the system keyring)</translation>
    </message>
    <message>
      <source>登录</source>
      <translation>Sign in</translation>
    </message>
    <message>
      <source>主账号</source>
      <translation>main account</translation>
    </message>
    <message>
      <source>当前账号：{nick}（主账号）</source>
      <translation>Signed in: {nick} (main account)</translation>
    </message>
    <message>
      <source>当前账号：{nick}（子账号）</source>
      <translation>Signed in: {nick} (sub-account)</translation>
    </message>
    <message>
      <source>数据库：{url}</source>
      <translation>Database: {url}</translation>
    </message>
    <message>
      <source>正在加载…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <source>账号(&amp;A)</source>
      <translation>&amp;Account</translation>
    </message>
    <message>
      <source>退出登录</source>
      <translation>Sign out</translation>
    </message>
    <message>
      <source>退出掌柜</source>
      <translation>Quit Zhanggui</translation>
    </message>
    <message>
      <source>已退出登录</source>
      <translation>Signed out</translation>
    </message>
    <message>
      <source>你的登录已被主账号结束（账号被冻结或删除）。</source>
      <translation>The main account ended your session (the account was frozen or deleted).</translation>
    </message>
    <message>
      <source>内部错误</source>
      <translation>Internal error</translation>
    </message>
    <message>
      <source>导航</source>
      <translation>Navigation</translation>
    </message>
    <message>
      <source>正在打开店铺…</source>
      <translation>Opening the shop…</translation>
    </message>
    <message>
      <source>掌柜 — {shop}</source>
      <translation>Zhanggui — {shop}</translation>
    </message>
    <message>
      <source>无法完成</source>
      <translation>Could not complete</translation>
    </message>
    <message>
      <source>出现了意外错误，操作没有完成：</source>
      <translation>An unexpected error occurred and the operation was not completed:</translation>
    </message>
    <message>
      <source>正常子账号</source>
      <translation>Active sub-accounts</translation>
    </message>
    <message>
      <source>冻结子账号</source>
      <translation>Frozen sub-accounts</translation>
    </message>
    <message>
      <source>离职员工</source>
      <translation>Former employees</translation>
    </message>
    <message>
      <source>在线客服</source>
      <translation>Agents online</translation>
    </message>
    <message>
      <source>挂起客服</source>
      <translation>Agents suspended</translation>
    </message>
    <message>
      <source>今日会话</source>
      <translation>Today's conversations</translation>
    </message>
    <message>
      <source>{shop} · 你好，{nick}</source>
      <translation>{shop} · Hello, {nick}</translation>
    </message>
    <message>
      <source>工作台</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>接待</source>
      <translation>Reception</translation>
    </message>
    <message>
      <source>实时数据</source>
      <translation>Live figures</translation>
    </message>
    <message>
      <source>监控查询</source>
      <translation>Monitoring</translation>
    </message>
    <message>
      <source>子账号</source>
      <translation>Sub-accounts</translation>
    </message>
    <message>
      <source>角色管理</source>
      <translation>Roles</translation>
    </message>
    <message>
      <source>分流设置</source>
      <translation>Routing</translation>
    </message>
    <message>
      <source>安全设置</source>
      <translation>Security</translation>
    </message>
    <message>
      <source>数据库正忙：另一个导入或写入正在进行，等待 {n} 秒后仍未完成。请等它完成后再试。</source>
      <translation>The database is busy: another import or change is still running after waiting {n} seconds. Try again when it has finished.</translation>
    </message>
    <message>
      <source>另一个导入正在进行，等待 {n} 秒后仍未结束。请等它完成后再试。</source>
      <translation>Another import is still running after waiting {n} seconds. Try again when it has finished.</translation>
    </message>
    <message>
      <source>数据库文件 {file} 位于网络共享（{fs}）上。SQLite 数据库不能通过网络共享给多台电脑同时使用，可能损坏数据；掌柜不会打开它。请把数据库放在本机磁盘上；多个座席请共用一个 PostgreSQL 数据库（菜单 设置 → 数据库…）。</source>
      <translation>The database file {file} is on a network share ({fs}). A SQLite database cannot be shared by several computers over a network without risking damage, so Zhanggui will not open it. Keep the database on this computer's own disk; for several seats, share one PostgreSQL database (menu Settings → Database…).</translation>
    </message>
    <message>
      <source>数据库正忙</source>
      <translation>Database busy</translation>
    </message>
    <message>
      <source>同一时间有其他人修改了相同的数据，没有保存任何内容。请刷新后再试。</source>
      <translation>Someone else changed the same data at the same time; nothing was saved. Refresh and try again.</translation>
    </message>
  </context>
</TS>
