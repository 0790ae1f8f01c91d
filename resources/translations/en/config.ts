<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>config</name>
    <message>
      <source>必须有一个默认分组</source>
      <translation>There must be one default group</translation>
    </message>
    <message>
      <source>只能有一个默认分组：{names}</source>
      <translation>Only one group can be the default: {names}</translation>
    </message>
    <message>
      <source>与 {other} 重名</source>
      <translation>Same name as {other}</translation>
    </message>
    <message>
      <source>溢出分组“{name}”不存在</source>
      <translation>Overflow group "{name}" does not exist</translation>
    </message>
    <message>
      <source>备用客服“{name}”不存在、已冻结或已删除</source>
      <translation>Backup agent "{name}" does not exist, is frozen or was deleted</translation>
    </message>
    <message>
      <source>规则指向的分组“{name}”不存在</source>
      <translation>The rule points at group "{name}", which does not exist</translation>
    </message>
    <message>
      <source>与 {other} 是同一条规则</source>
      <translation>The same rule as {other}</translation>
    </message>
    <message>
      <source>代理账号“{name}”不存在、已冻结或已删除</source>
      <translation>Proxy account "{name}" does not exist, is frozen or was deleted</translation>
    </message>
    <message>
      <source>没有名为“{name}”的子账号</source>
      <translation>There is no sub-account named "{name}"</translation>
    </message>
    <message>
      <source>{name} 已在 {other} 里：一个客服只能在一个分组</source>
      <translation>{name} is already in {other}: an agent belongs to one group only</translation>
    </message>
    <message>
      <source>配置文件有 {n} 处问题，没有做任何修改：</source>
      <translation>The set-up file has {n} problem(s); nothing was changed:</translation>
    </message>
    <message>
      <source>配置文件不是有效的 JSON，没有做任何修改：{reason}</source>
      <translation>The set-up file is not valid JSON; nothing was changed: {reason}</translation>
    </message>
    <message>
      <source>不支持的版本 {version}（这个版本的掌柜读写版本 {supported}）</source>
      <translation>unsupported version {version} (this Zhanggui reads and writes version {supported})</translation>
    </message>
    <message>
      <source>预设角色不能改名或改说明，可以复制后再改。</source>
      <translation>A preset role cannot be renamed or re-described; copy it and change the copy.</translation>
    </message>
    <message>
      <source>新角色须列出权限</source>
      <translation>A new role must list its permissions</translation>
    </message>
    <message>
      <source>未知的权限：{code}</source>
      <translation>Unknown permission: {code}</translation>
    </message>
    <message>
      <source>应为对象 {…}</source>
      <translation>should be an object {…}</translation>
    </message>
    <message>
      <source>应为列表 […]</source>
      <translation>should be a list […]</translation>
    </message>
    <message>
      <source>不能为 null</source>
      <translation>cannot be null</translation>
    </message>
    <message>
      <source>文本</source>
      <translation>text</translation>
    </message>
    <message>
      <source>整数</source>
      <translation>a whole number</translation>
    </message>
    <message>
      <source>数字</source>
      <translation>a number</translation>
    </message>
    <message>
      <source>true 或 false</source>
      <translation>true or false</translation>
    </message>
    <message>
      <source>列表 […]</source>
      <translation>a list […]</translation>
    </message>
    <message>
      <source>缺少必填项</source>
      <translation>required, but missing</translation>
    </message>
    <message>
      <source>应为文本</source>
      <translation>should be text</translation>
    </message>
    <message>
      <source>应为{kind}</source>
      <translation>should be {kind}</translation>
    </message>
    <message>
      <source>键“{key}”在同一个对象里出现了两次</source>
      <translation>key "{key}" appears twice in one object</translation>
    </message>
    <message>
      <source>第 {line} 行第 {column} 列：{reason}</source>
      <translation>line {line}, column {column}: {reason}</translation>
    </message>
    <message>
      <source>不是有效的 JSON：{reason}</source>
      <translation>not valid JSON: {reason}</translation>
    </message>
    <message>
      <source>未知的键（可用：{keys}）</source>
      <translation>unknown key (known: {keys})</translation>
    </message>
    <message>
      <source>只有主账号可以修改店铺的时区和会话超时。</source>
      <translation>Only the main account can change the shop's time zone and session timeout.</translation>
    </message>
    <message>
      <source>状态只能是 active（正常）或 frozen（冻结）；离职请在子账号管理里登记。</source>
      <translation>The status can only be active or frozen; record a leaver in sub-account management.</translation>
    </message>
    <message>
      <source>昵称与 {other} 重复</source>
      <translation>Same nick as {other}</translation>
    </message>
    <message>
      <source>{nick} 是离职员工：请先在子账号管理里重新任用，再应用这个文件。</source>
      <translation>{nick} has left: re-hire them in sub-account management first, then apply this file.</translation>
    </message>
    <message>
      <source>新建子账号时必填</source>
      <translation>required for a new sub-account</translation>
    </message>
    <message>
      <source>手机号与 {other} 重复</source>
      <translation>Same phone number as {other}</translation>
    </message>
    <message>
      <source>试运行：将新增 {added} 项，修改 {changed} 项，{unchanged} 项不变；没有做任何修改。</source>
      <translation>Dry run: would add {added}, change {changed}, leave {unchanged} unchanged; nothing was changed.</translation>
    </message>
    <message>
      <source>已应用：新增 {added} 项，修改 {changed} 项，{unchanged} 项不变。</source>
      <translation>Applied: {added} added, {changed} changed, {unchanged} unchanged.</translation>
    </message>
    <message>
      <source>没有需要修改的内容：店铺设置已与文件一致（{n} 项未变）。</source>
      <translation>Nothing to change: the shop already matches the file ({n} items unchanged).</translation>
    </message>
    <message>
      <source>+ 新增 {section} {item}</source>
      <translation>+ add {section} {item}</translation>
    </message>
    <message>
      <source>~ 修改 {section} {item}</source>
      <translation>~ change {section} {item}</translation>
    </message>
    <message>
      <source>= 不变 {section} {item}</source>
      <translation>= unchanged {section} {item}</translation>
    </message>
    <message>
      <source>店铺设置文件：导出或应用角色、子账号、分流和店铺设置（JSON）</source>
      <translation>The shop's set-up file: export or apply roles, sub-accounts, routing and shop settings (JSON)</translation>
    </message>
    <message>
      <source>把店铺的设置导出为一个 JSON 文件（不含任何密码或密钥）</source>
      <translation>Export the shop's set-up as one JSON file (never a password or secret)</translation>
    </message>
    <message>
      <source>输出文件（省略则输出到屏幕）</source>
      <translation>Output file (default: the screen)</translation>
    </message>
    <message>
      <source>应用设置文件：先检查整个文件，再一次性新建和修改（从不删除）</source>
      <translation>Apply a set-up file: the whole file is checked first, then created and updated in one go (never deleted)</translation>
    </message>
    <message>
      <source>设置文件（UTF-8 JSON；- 表示标准输入）</source>
      <translation>Set-up file (UTF-8 JSON; - for standard input)</translation>
    </message>
    <message>
      <source>只列出将新增、修改和不变的内容，不做任何修改</source>
      <translation>Only list what would be added, changed or left unchanged; change nothing</translation>
    </message>
    <message>
      <source>店铺设置已导出到 {file}</source>
      <translation>The shop's set-up was exported to {file}</translation>
    </message>
    <message>
      <source>设置文件太大（超过 20 MB）：{path}</source>
      <translation>The set-up file is too large (over 20 MB): {path}</translation>
    </message>
    <message>
      <source>无法写入文件 {path}：{error}</source>
      <translation>Cannot write {path}: {error}</translation>
    </message>
    <message>
      <source>配置文件</source>
      <translation>Set-up file</translation>
    </message>
    <message>
      <source>把角色、子账号和分流设置导出为一个文件，或从文件导入（先预览）</source>
      <translation>Export roles, sub-accounts and routing as one file, or import one (previewed first)</translation>
    </message>
    <message>
      <source>导出配置…</source>
      <translation>Export set-up…</translation>
    </message>
    <message>
      <source>导入配置…</source>
      <translation>Import set-up…</translation>
    </message>
    <message>
      <source>导出配置</source>
      <translation>Export set-up</translation>
    </message>
    <message>
      <source>导入配置</source>
      <translation>Import set-up</translation>
    </message>
    <message>
      <source>正在检查文件…</source>
      <translation>Checking the file…</translation>
    </message>
    <message>
      <source>只看新增和修改</source>
      <translation>Only additions and changes</translation>
    </message>
    <message>
      <source>应用</source>
      <translation>Apply</translation>
    </message>
    <message>
      <source>新增</source>
      <translation>Add</translation>
    </message>
    <message>
      <source>修改</source>
      <translation>Change</translation>
    </message>
    <message>
      <source>不变</source>
      <translation>Unchanged</translation>
    </message>
    <message>
      <source>变化</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>部分</source>
      <translation>Section</translation>
    </message>
    <message>
      <source>项目</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>旧值 → 新值</source>
      <translation>Old → new</translation>
    </message>
    <message>
      <source>导入配置：{name}</source>
      <translation>Import set-up: {name}</translation>
    </message>
    <message>
      <source>会话超时须为 1–{max} 分钟的整数。</source>
      <translation>The session timeout must be a whole number of minutes, 1–{max}.</translation>
    </message>
    <message>
      <source>存放主账号密码的环境变量名（给出时，修改已绑定的手机号前先核对这个密码）</source>
      <translation>environment variable holding the main account's password (when given, it is checked before a bound phone is changed)</translation>
    </message>
  </context>
</TS>
