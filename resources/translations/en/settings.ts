<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>settings</name>
    <message>
      <source>检查安装是否完整（界面、中文字体、迁移、数据库、钥匙串、翻译），然后退出</source>
      <translation>Check the installation (GUI, Chinese font, migrations, database, keyring, translations), then exit</translation>
    </message>
    <message>
      <source>备份或恢复 SQLite 店铺</source>
      <translation>Back up or restore a SQLite shop</translation>
    </message>
    <message>
      <source>在使用中也能做一致的备份；打印备份文件路径</source>
      <translation>Take a consistent backup, even while the shop is in use; prints the backup file path</translation>
    </message>
    <message>
      <source>备份文件（默认：店铺数据库旁的 backups 文件夹）</source>
      <translation>Backup file (default: the backups folder beside the shop database)</translation>
    </message>
    <message>
      <source>检查备份后用它替换店铺；被替换的店铺保存在数据库旁</source>
      <translation>Check a backup, then replace the shop with it; the replaced shop is kept beside the database</translation>
    </message>
    <message>
      <source>备份文件</source>
      <translation>Backup file</translation>
    </message>
    <message>
      <source>不再询问，直接恢复</source>
      <translation>Do not ask; restore right away</translation>
    </message>
    <message>
      <source>找不到备份文件 {path}，未做任何改动。</source>
      <translation>Backup file {path} not found; nothing was changed.</translation>
    </message>
    <message>
      <source>用备份 {backup}（结构版本 {revision}）替换店铺 {db}？当前店铺会另存一份。[y/N] </source>
      <translation>Replace the shop {db} with backup {backup} (schema version {revision})? The current shop is kept as a copy. [y/N] </translation>
    </message>
    <message>
      <source>已取消，店铺未改动。</source>
      <translation>Cancelled; the shop was not changed.</translation>
    </message>
    <message>
      <source>已从 {backup} 恢复店铺。</source>
      <translation>Shop restored from {backup}.</translation>
    </message>
    <message>
      <source>被替换的店铺保存在 {path}</source>
      <translation>The replaced shop is kept at {path}</translation>
    </message>
    <message>
      <source>数据库维护</source>
      <translation>Database maintenance</translation>
    </message>
    <message>
      <source>把整个店铺复制到一个空数据库（如从 SQLite 到 PostgreSQL）</source>
      <translation>Copy the whole shop into an empty database (e.g. from SQLite to PostgreSQL)</translation>
    </message>
    <message>
      <source>目标数据库地址（必须是空的）</source>
      <translation>Target database URL (must be empty)</translation>
    </message>
    <message>
      <source>以 JSON 输出每个表复制的行数</source>
      <translation>Print the rows copied per table as JSON</translation>
    </message>
    <message>
      <source>  {table}：{rows} 行</source>
      <translation>  {table}: {rows} rows</translation>
    </message>
    <message>
      <source>已把 {source} 复制到 {target}：{tables} 个表，共 {rows} 行，各表行数一致。</source>
      <translation>Copied {source} to {target}: {tables} tables, {rows} rows in all; every table's row count matches.</translation>
    </message>
    <message>
      <source>备份副本校验失败，已丢弃。</source>
      <translation>The backup copy failed its check and was discarded.</translation>
    </message>
    <message>
      <source>无法备份 {path}：{error}</source>
      <translation>Cannot back up {path}: {error}</translation>
    </message>
    <message>
      <source>店铺数据库 {path} 不存在，没有可备份的内容。</source>
      <translation>The shop database {path} does not exist; there is nothing to back up.</translation>
    </message>
    <message>
      <source>{path} 不是掌柜的备份文件，未做任何改动。</source>
      <translation>{path} is not a Zhanggui backup; nothing was changed.</translation>
    </message>
    <message>
      <source>无法读取 {path}：{error}</source>
      <translation>Cannot read {path}: {error}</translation>
    </message>
    <message>
      <source>备份文件 {path} 已损坏（完整性检查未通过），未做任何改动。</source>
      <translation>Backup file {path} is damaged (integrity check failed); nothing was changed.</translation>
    </message>
    <message>
      <source>{path} 不是掌柜的备份文件（{error}），未做任何改动。</source>
      <translation>{path} is not a Zhanggui backup ({error}); nothing was changed.</translation>
    </message>
    <message>
      <source>备份 {path} 来自更新版本的掌柜（结构版本 {revision}），本版本无法恢复它。请先升级掌柜；未做任何改动。</source>
      <translation>Backup {path} comes from a newer Zhanggui (schema version {revision}); this version cannot restore it. Upgrade Zhanggui first; nothing was changed.</translation>
    </message>
    <message>
      <source>不能用店铺正在使用的数据库文件恢复它自己。</source>
      <translation>A shop cannot be restored from its own live database file.</translation>
    </message>
    <message>
      <source>恢复失败，店铺未被改动：{error}</source>
      <translation>Restore failed; the shop was not changed: {error}</translation>
    </message>
    <message>
      <source>数据库升级失败，已从升级前的备份 {path} 恢复，店铺未被改动：{error}</source>
      <translation>The database upgrade failed; the shop was put back from the backup taken before it ({path}) and is unchanged: {error}</translation>
    </message>
    <message>
      <source>备份与恢复只适用于 SQLite 店铺文件；{url} 请用数据库服务器自己的备份工具（如 pg_dump）。</source>
      <translation>Backup and restore work on SQLite shop files; for {url} use the database server's own backup tools (such as pg_dump).</translation>
    </message>
    <message>
      <source>内存数据库没有可备份的文件。</source>
      <translation>An in-memory database has no file to back up.</translation>
    </message>
    <message>
      <source>无法使用数据库 {url}：{error}</source>
      <translation>Cannot use database {url}: {error}</translation>
    </message>
    <message>
      <source>数据库 {url} 拒绝了用户名或密码，请检查后再试。</source>
      <translation>Database {url} refused the user name or password; check them and try again.</translation>
    </message>
    <message>
      <source>数据库服务器上没有这个数据库：{url}。</source>
      <translation>The database server has no such database: {url}.</translation>
    </message>
    <message>
      <source>复制 {table} 时行数不一致（源 {expected}，目标 {landed}），已撤销，目标未改动。</source>
      <translation>Row counts differ while copying {table} (source {expected}, target {landed}); the copy was undone and the target is unchanged.</translation>
    </message>
    <message>
      <source>目标数据库 {url} 不是空的（已有数据表：{tables}），未做任何改动。请换一个空数据库。</source>
      <translation>Target database {url} is not empty (it has data in: {tables}); nothing was changed. Use an empty database.</translation>
    </message>
    <message>
      <source>源数据库和目标数据库是同一个。</source>
      <translation>The source and the target are the same database.</translation>
    </message>
    <message>
      <source>目标数据库来自更新版本的掌柜，未做任何改动。</source>
      <translation>The target database comes from a newer Zhanggui; nothing was changed.</translation>
    </message>
    <message>
      <source>系统钥匙串可用（{backend}）。</source>
      <translation>The system keyring is available ({backend}).</translation>
    </message>
    <message>
      <source>系统钥匙串不可用（{backend}）：掌柜不会记住任何密码，每次都需要输入。</source>
      <translation>The system keyring is not available ({backend}): Zhanggui will not remember any password; you will type it each time.</translation>
    </message>
    <message>
      <source>翻译文件无法读取：{error}</source>
      <translation>The translation files cannot be read: {error}</translation>
    </message>
    <message>
      <source>英文翻译没有找到（{path}）。</source>
      <translation>The English translation was not found ({path}).</translation>
    </message>
    <message>
      <source>英文翻译已加载：{files} 个文件，{count} 条。</source>
      <translation>English translation loaded: {files} files, {count} entries.</translation>
    </message>
    <message>
      <source>通过</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>提醒</source>
      <translation>WARNING</translation>
    </message>
    <message>
      <source>失败</source>
      <translation>FAILED</translation>
    </message>
    <message>
      <source>数据库迁移失败：{error}</source>
      <translation>Database migrations failed: {error}</translation>
    </message>
    <message>
      <source>数据库迁移没有到达结构版本 {head}。</source>
      <translation>Database migrations did not reach schema version {head}.</translation>
    </message>
    <message>
      <source>数据库迁移可在临时数据库上运行（结构版本 {head}）。</source>
      <translation>Database migrations run on a scratch database (schema version {head}).</translation>
    </message>
    <message>
      <source>数据文件夹 {path} 不可写：{error}</source>
      <translation>The data folder {path} is not writable: {error}</translation>
    </message>
    <message>
      <source>数据文件夹 {path} 可写（店铺尚未创建）。</source>
      <translation>The data folder {path} is writable (no shop created yet).</translation>
    </message>
    <message>
      <source>无法打开数据库 {url}：{error}</source>
      <translation>Cannot open database {url}: {error}</translation>
    </message>
    <message>
      <source>数据库 {url} 不可写：{error}</source>
      <translation>Database {url} is not writable: {error}</translation>
    </message>
    <message>
      <source>数据库 {url} 可写。</source>
      <translation>Database {url} is writable.</translation>
    </message>
    <message>
      <source>诊断</source>
      <translation>Diagnostics</translation>
    </message>
    <message>
      <source>界面正在运行（{platform}）。</source>
      <translation>The GUI is running ({platform}).</translation>
    </message>
    <message>
      <source>正在检查…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <source>中文字体缺失：{chars} 会显示成方框。请安装中文字体（如 fonts-noto-cjk）。</source>
      <translation>No Chinese font: {chars} would show as boxes. Install a Chinese font (such as fonts-noto-cjk).</translation>
    </message>
    <message>
      <source>中文可以正常显示（字体：{fonts}）。</source>
      <translation>Chinese text renders (fonts: {fonts}).</translation>
    </message>
    <message>
      <source>界面无法构建：{error}</source>
      <translation>The GUI cannot be built: {error}</translation>
    </message>
    <message>
      <source>界面无法绘制。</source>
      <translation>The GUI cannot be painted.</translation>
    </message>
    <message>
      <source>界面可以构建（{platform}，{count} 个面板）。</source>
      <translation>The GUI builds ({platform}, {count} panels).</translation>
    </message>
    <message>
      <source>自检通过。</source>
      <translation>Self-test passed.</translation>
    </message>
    <message>
      <source>自检未通过。</source>
      <translation>Self-test FAILED.</translation>
    </message>
    <message>
      <source>只有主账号可以备份、恢复或更换数据库。</source>
      <translation>Only the main account may back up, restore or change the database.</translation>
    </message>
    <message>
      <source>关于掌柜</source>
      <translation>About Zhanggui</translation>
    </message>
    <message>
      <source>版本</source>
      <translation>Version</translation>
    </message>
    <message>
      <source>数据库</source>
      <translation>Database</translation>
    </message>
    <message>
      <source>数据文件夹</source>
      <translation>Data folder</translation>
    </message>
    <message>
      <source>日志文件</source>
      <translation>Log file</translation>
    </message>
    <message>
      <source>设置文件</source>
      <translation>Settings file</translation>
    </message>
    <message>
      <source>已备份到 {path}</source>
      <translation>Backed up to {path}</translation>
    </message>
    <message>
      <source>请先在列表中选择一个备份。</source>
      <translation>Choose a backup in the list first.</translation>
    </message>
    <message>
      <source>选择备份文件</source>
      <translation>Choose a backup file</translation>
    </message>
    <message>
      <source>掌柜备份 (*.sqlite3);;所有文件 (*)</source>
      <translation>Zhanggui backups (*.sqlite3);;All files (*)</translation>
    </message>
    <message>
      <source>用这个备份替换整个店铺？当前店铺会另存一份在数据库旁，之后需要重新登录。
{path}</source>
      <translation>Replace the whole shop with this backup? The current shop is kept as a copy beside the database; you will sign in again afterwards.
{path}</translation>
    </message>
    <message>
      <source>恢复备份</source>
      <translation>Restore backup</translation>
    </message>
    <message>
      <source>已恢复。被替换的店铺保存在：{path}
掌柜将重新打开，请再次登录。</source>
      <translation>Restored. The replaced shop is kept at: {path}
Zhanggui will reopen; please sign in again.</translation>
    </message>
    <message>
      <source>备份与恢复</source>
      <translation>Backup and restore</translation>
    </message>
    <message>
      <source>每日自动</source>
      <translation>Daily (automatic)</translation>
    </message>
    <message>
      <source>升级前</source>
      <translation>Before upgrade</translation>
    </message>
    <message>
      <source>手动</source>
      <translation>Manual</translation>
    </message>
    <message>
      <source>大小（KB）</source>
      <translation>Size (KB)</translation>
    </message>
    <message>
      <source>文件</source>
      <translation>File</translation>
    </message>
    <message>
      <source>立即备份</source>
      <translation>Back up now</translation>
    </message>
    <message>
      <source>恢复选中的备份…</source>
      <translation>Restore selected backup…</translation>
    </message>
    <message>
      <source>从文件恢复…</source>
      <translation>Restore from file…</translation>
    </message>
    <message>
      <source>保留每日自动备份（份）</source>
      <translation>Daily backups kept</translation>
    </message>
    <message>
      <source>备份文件夹：{folder}</source>
      <translation>Backup folder: {folder}</translation>
    </message>
    <message>
      <source>正在连接…</source>
      <translation>Connecting…</translation>
    </message>
    <message>
      <source>空数据库：切换后可在这里新建店铺，或用“把本店复制到这里并切换”把现有店铺搬过来。</source>
      <translation>Empty database: after switching you can create a shop here, or move this shop here with “Copy this shop here and switch”.</translation>
    </message>
    <message>
      <source>已有掌柜店铺数据（结构版本与本程序一致）。</source>
      <translation>Holds a Zhanggui shop (same schema version as this program).</translation>
    </message>
    <message>
      <source>已有较早版本的掌柜数据：切换后会先升级。</source>
      <translation>Holds data from an older Zhanggui: it will be upgraded when you switch.</translation>
    </message>
    <message>
      <source>数据来自更新版本的掌柜：请先升级本程序。</source>
      <translation>The data comes from a newer Zhanggui: upgrade this program first.</translation>
    </message>
    <message>
      <source>数据库里有其他程序的数据表：掌柜不会使用它。</source>
      <translation>The database holds another program's tables: Zhanggui will not use it.</translation>
    </message>
    <message>
      <source>连接成功：{server}，延迟 {ms:.1f} 毫秒。{state}</source>
      <translation>Connected: {server}, latency {ms:.1f} ms. {state}</translation>
    </message>
    <message>
      <source>密码未保存</source>
      <translation>Password not saved</translation>
    </message>
    <message>
      <source>系统钥匙串不可用：这次会用输入的密码连接，但下次启动需要重新输入。</source>
      <translation>The system keyring is not available: the password you typed is used this time, but you will need to type it again next time.</translation>
    </message>
    <message>
      <source>当前：{url}</source>
      <translation>Current: {url}</translation>
    </message>
    <message>
      <source>数据库地址</source>
      <translation>Database URL</translation>
    </message>
    <message>
      <source>先测试连接，再切换。密码只保存在系统钥匙串中。</source>
      <translation>Test the connection first, then switch. The password is kept only in the system keyring.</translation>
    </message>
    <message>
      <source>测试连接</source>
      <translation>Test connection</translation>
    </message>
    <message>
      <source>切换到此数据库</source>
      <translation>Switch to this database</translation>
    </message>
    <message>
      <source>改回本机默认数据库</source>
      <translation>Back to the default local database</translation>
    </message>
    <message>
      <source>设置(&amp;S)</source>
      <translation>&amp;Settings</translation>
    </message>
    <message>
      <source>数据库…</source>
      <translation>Database…</translation>
    </message>
    <message>
      <source>备份与恢复…</source>
      <translation>Backup and restore…</translation>
    </message>
    <message>
      <source>帮助(&amp;H)</source>
      <translation>&amp;Help</translation>
    </message>
    <message>
      <source>时间（UTC）</source>
      <translation>Time (UTC)</translation>
    </message>
    <message>
      <source>把本店复制到这里并切换</source>
      <translation>Copy this shop here and switch</translation>
    </message>
    <message>
      <source>复制店铺</source>
      <translation>Copy shop</translation>
    </message>
    <message>
      <source>把本店的全部数据复制到 {url}，然后切换到它？本机的店铺文件保持不变。</source>
      <translation>Copy all of this shop's data to {url} and switch to it? The shop file on this computer stays as it is.</translation>
    </message>
    <message>
      <source>正在复制店铺…</source>
      <translation>Copying the shop…</translation>
    </message>
  </context>
</TS>
