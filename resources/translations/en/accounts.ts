<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>accounts</name>
    <message>
      <source> 你只能勾选或取消你自己拥有的权限。</source>
      <translation> You can only tick or untick permissions you hold yourself.</translation>
    </message>
    <message>
      <source>1–20 个汉字、字母、数字、_ 或 -</source>
      <translation>1–20 Chinese characters, letters, digits, _ or -</translation>
    </message>
    <message>
      <source>Excel (*.xlsx);;CSV (*.csv)</source>
      <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
      <source>{a} 能做、{b} 不能做的</source>
      <translation>What {a} may do and {b} may not</translation>
    </message>
    <message>
      <source>{b} 能做、{a} 不能做的</source>
      <translation>What {b} may do and {a} may not</translation>
    </message>
    <message>
      <source>{field}不能包含表情符号或控制字符。</source>
      <translation>{field} cannot contain emoji or control characters.</translation>
    </message>
    <message>
      <source>{field}最多 {max} 个字符（现在 {n} 个）。</source>
      <translation>{field} can have at most {max} characters (it has {n}).</translation>
    </message>
    <message>
      <source>{name} 副本</source>
      <translation>{name} copy</translation>
    </message>
    <message>
      <source>{name}（{n} 人）</source>
      <translation>{name} ({n})</translation>
    </message>
    <message>
      <source>{nick} 在近 3 个月内被处罚冻结过，{until} 之前不能删除。</source>
      <translation>{nick} had a penalty freeze in the last 3 months and cannot be deleted before {until}.</translation>
    </message>
    <message>
      <source>{person} · 身份证后 4 位 {digits} · {at}</source>
      <translation>{person} · ID ending {digits} · {at}</translation>
    </message>
    <message>
      <source>“{column}”太长。</source>
      <translation>“{column}” is too long.</translation>
    </message>
    <message>
      <source>“参与分流”须填“是”或“否”：{value}</source>
      <translation>"Takes routed conversations" must be yes or no (是 / 否): {value}</translation>
    </message>
    <message>
      <source>一次最多导入 {max} 行。</source>
      <translation>At most {max} rows can be imported at once.</translation>
    </message>
    <message>
      <source>不参与</source>
      <translation>No</translation>
    </message>
    <message>
      <source>不能修改自己的绑定手机，请联系主账号。</source>
      <translation>You cannot change your own bound phone; ask the main account.</translation>
    </message>
    <message>
      <source>不能修改自己的角色。</source>
      <translation>You cannot change your own role.</translation>
    </message>
    <message>
      <source>不能对自己的账号执行这个操作。</source>
      <translation>You cannot do this to your own account.</translation>
    </message>
    <message>
      <source>不能把会话交接给要停用的账号本身。</source>
      <translation>Conversations cannot be handed over to the account being disabled.</translation>
    </message>
    <message>
      <source>不能授予你自己没有的权限：{names}</source>
      <translation>You cannot grant permissions you do not hold: {names}</translation>
    </message>
    <message>
      <source>不能给自己授予额外权限。</source>
      <translation>You cannot grant extra permissions to yourself.</translation>
    </message>
    <message>
      <source>两者都能做的：{n} 项</source>
      <translation>Both may do: {n} permissions</translation>
    </message>
    <message>
      <source>主账号专属</source>
      <translation>Main account only</translation>
    </message>
    <message>
      <source>主账号专属权限不能授予子账号：{names}</source>
      <translation>Main-account-only permissions cannot be granted to sub-accounts: {names}</translation>
    </message>
    <message>
      <source>交回分流（重新分配给其他客服）</source>
      <translation>Back to routing (reassigned to other agents)</translation>
    </message>
    <message>
      <source>交易管理</source>
      <translation>Trade</translation>
    </message>
    <message>
      <source>从 .xlsx 或 .csv 批量导入，先预览检查</source>
      <translation>Import many from .xlsx or .csv, checked in a preview first</translation>
    </message>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>修改绑定手机</source>
      <translation>Change bound phone</translation>
    </message>
    <message>
      <source>入职日期</source>
      <translation>Hire date</translation>
    </message>
    <message>
      <source>入职日期不合理：{date}</source>
      <translation>Implausible hire date: {date}</translation>
    </message>
    <message>
      <source>入职日期格式不正确。</source>
      <translation>The hire date is not a valid date.</translation>
    </message>
    <message>
      <source>入职日期格式不正确：{value}（应为 2024-03-01）</source>
      <translation>Invalid hire date: {value} (expected e.g. 2024-03-01)</translation>
    </message>
    <message>
      <source>全部状态</source>
      <translation>All statuses</translation>
    </message>
    <message>
      <source>全部角色</source>
      <translation>All roles</translation>
    </message>
    <message>
      <source>全部部门</source>
      <translation>All departments</translation>
    </message>
    <message>
      <source>共 {n} 个</source>
      <translation>{n} shown</translation>
    </message>
    <message>
      <source>冻结</source>
      <translation>Freeze</translation>
    </message>
    <message>
      <source>冻结/删除</source>
      <translation>Freeze/delete</translation>
    </message>
    <message>
      <source>冻结于 {at}</source>
      <translation>Frozen at {at}</translation>
    </message>
    <message>
      <source>冻结后 {nick} 立即退出登录，解冻前不能登录。</source>
      <translation>{nick} will be signed out at once and cannot sign in until unfrozen.</translation>
    </message>
    <message>
      <source>删除</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>删除后 {nick} 立即退出登录，不能再登录；聊天记录和操作记录都会保留，以后可以在“离职员工”里重新任用。</source>
      <translation>{nick} will be signed out at once and can no longer sign in. Chat records and the operation log are kept; the account can be re-hired later from “Former staff”.</translation>
    </message>
    <message>
      <source>删除子账号（登记离职）</source>
      <translation>Delete sub-account (record leaving)</translation>
    </message>
    <message>
      <source>删除店铺</source>
      <translation>Delete the shop</translation>
    </message>
    <message>
      <source>删除角色</source>
      <translation>Delete role</translation>
    </message>
    <message>
      <source>删除角色“{name}”？</source>
      <translation>Delete the role “{name}”?</translation>
    </message>
    <message>
      <source>删除（登记离职）</source>
      <translation>Delete (record leaving)</translation>
    </message>
    <message>
      <source>参与</source>
      <translation>Yes</translation>
    </message>
    <message>
      <source>参与分流</source>
      <translation>Takes routed conversations</translation>
    </message>
    <message>
      <source>参与分流（接待分流来的买家）</source>
      <translation>Takes routed conversations (receives routed buyers)</translation>
    </message>
    <message>
      <source>发布/编辑商品</source>
      <translation>Publish/edit products</translation>
    </message>
    <message>
      <source>发货</source>
      <translation>Ship orders</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>只支持 .xlsx 或 .csv 文件：{name}</source>
      <translation>Only .xlsx or .csv files are supported: {name}</translation>
    </message>
    <message>
      <source>只支持导出为 .xlsx 或 .csv 文件：{name}</source>
      <translation>Export only to .xlsx or .csv files: {name}</translation>
    </message>
    <message>
      <source>只有主账号可以修改绑定手机。</source>
      <translation>Only the main account can change a bound phone.</translation>
    </message>
    <message>
      <source>只有主账号可以操作超级管理员账号。</source>
      <translation>Only the main account can act on a super administrator account.</translation>
    </message>
    <message>
      <source>只有主账号可以管理超级管理员角色。</source>
      <translation>Only the main account can manage the super administrator role.</translation>
    </message>
    <message>
      <source>只有主账号可以设置或取消超级管理员角色。</source>
      <translation>Only the main account can give or take away the super administrator role.</translation>
    </message>
    <message>
      <source>只有正常状态的账号可以冻结（{nick} 当前：{status}）。</source>
      <translation>Only active accounts can be frozen ({nick} is: {status}).</translation>
    </message>
    <message>
      <source>只有离职员工可以重新任用。</source>
      <translation>Only former staff can be re-hired.</translation>
    </message>
    <message>
      <source>名字</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>否</source>
      <translation>No</translation>
    </message>
    <message>
      <source>员工</source>
      <translation>Staff</translation>
    </message>
    <message>
      <source>售前客服</source>
      <translation>Pre-sales agent</translation>
    </message>
    <message>
      <source>售后客服</source>
      <translation>After-sales agent</translation>
    </message>
    <message>
      <source>商品、营销与数据</source>
      <translation>Products, marketing and data</translation>
    </message>
    <message>
      <source>商品管理</source>
      <translation>Products</translation>
    </message>
    <message>
      <source>处理退款、退货与物流问题</source>
      <translation>Refunds, returns and delivery problems</translation>
    </message>
    <message>
      <source>处罚冻结于 {at}</source>
      <translation>Penalty freeze at {at}</translation>
    </message>
    <message>
      <source>处罚冻结（3 个月内不能删除）</source>
      <translation>Penalty freeze (cannot be deleted for 3 months)</translation>
    </message>
    <message>
      <source>复制</source>
      <translation>Copy</translation>
    </message>
    <message>
      <source>复制角色</source>
      <translation>Copy role</translation>
    </message>
    <message>
      <source>姓名</source>
      <translation>Full name</translation>
    </message>
    <message>
      <source>子账号</source>
      <translation>Sub-accounts</translation>
    </message>
    <message>
      <source>子账号不存在。</source>
      <translation>The sub-account does not exist.</translation>
    </message>
    <message>
      <source>子账号名字须为 1–{max} 个汉字、字母、数字、_ 或 -（不能有空格、冒号或表情）。</source>
      <translation>A sub-account name must be 1–{max} Chinese characters, letters, digits, _ or - (no spaces, colons or emoji).</translation>
    </message>
    <message>
      <source>子账号数量上限须为 0–{max} 的整数。</source>
      <translation>The sub-account quota must be a whole number from 0 to {max}.</translation>
    </message>
    <message>
      <source>子账号数量已达上限（{used}/{quota}），不能再新建。请先删除不用的账号或提高上限。</source>
      <translation>The sub-account quota is reached ({used}/{quota}); no more can be created. Delete unused accounts or raise the quota first.</translation>
    </message>
    <message>
      <source>子账号管理</source>
      <translation>Sub-accounts</translation>
    </message>
    <message>
      <source>子账号认证：{nick}</source>
      <translation>Identity verification: {nick}</translation>
    </message>
    <message>
      <source>客服主管</source>
      <translation>Customer-service supervisor</translation>
    </message>
    <message>
      <source>对比</source>
      <translation>Compare</translation>
    </message>
    <message>
      <source>对比对象必须是角色或账号。</source>
      <translation>Only roles or accounts can be compared.</translation>
    </message>
    <message>
      <source>导入</source>
      <translation>Import</translation>
    </message>
    <message>
      <source>导入子账号</source>
      <translation>Import sub-accounts</translation>
    </message>
    <message>
      <source>导入文件有 {n} 行有问题，没有导入任何账号。</source>
      <translation>{n} rows of the import file have problems; no account was imported.</translation>
    </message>
    <message>
      <source>导入文件里没有账号。</source>
      <translation>The import file holds no accounts.</translation>
    </message>
    <message>
      <source>导出</source>
      <translation>Export</translation>
    </message>
    <message>
      <source>导出子账号</source>
      <translation>Export sub-accounts</translation>
    </message>
    <message>
      <source>导出完成</source>
      <translation>Export finished</translation>
    </message>
    <message>
      <source>工号</source>
      <translation>Employee no.</translation>
    </message>
    <message>
      <source>工号只能包含字母、数字、_ 或 -。</source>
      <translation>An employee number may only contain letters, digits, _ or -.</translation>
    </message>
    <message>
      <source>已导出 {n} 个子账号到 {path}</source>
      <translation>Exported {n} sub-accounts to {path}</translation>
    </message>
    <message>
      <source>已有同名角色：{name}</source>
      <translation>A role with this name already exists: {name}</translation>
    </message>
    <message>
      <source>已用 {used} / {quota} 个子账号</source>
      <translation>{used} of {quota} used</translation>
    </message>
    <message>
      <source>已认证</source>
      <translation>Verified</translation>
    </message>
    <message>
      <source>店铺已有 {used} 个子账号，上限不能低于这个数。</source>
      <translation>The shop already has {used} sub-accounts; the quota cannot be lower.</translation>
    </message>
    <message>
      <source>店铺装修</source>
      <translation>Shop decoration</translation>
    </message>
    <message>
      <source>店铺装修与商品图片</source>
      <translation>Shop decoration and product images</translation>
    </message>
    <message>
      <source>手机号 {phone} 已绑定其他账号。</source>
      <translation>The phone {phone} is already bound to another account.</translation>
    </message>
    <message>
      <source>手机号 {phone} 已绑定账号 {nick}，一个手机号只能绑定一个账号。</source>
      <translation>The phone {phone} is already bound to {nick}; a phone can be bound to one account only.</translation>
    </message>
    <message>
      <source>手机号与第 {line} 行重复。</source>
      <translation>Same phone as row {line}.</translation>
    </message>
    <message>
      <source>拥有全部可授予的权限</source>
      <translation>Holds every grantable permission</translation>
    </message>
    <message>
      <source>接待买家</source>
      <translation>Receive buyers</translation>
    </message>
    <message>
      <source>接待咨询、促成下单</source>
      <translation>Answers inquiries and turns them into orders</translation>
    </message>
    <message>
      <source>接手的同事不存在或不是正常状态。</source>
      <translation>The colleague taking over does not exist or is not active.</translation>
    </message>
    <message>
      <source>搜索昵称、花名、手机号或工号</source>
      <translation>Search nick, alias, phone or employee no.</translation>
    </message>
    <message>
      <source>数据</source>
      <translation>Data</translation>
    </message>
    <message>
      <source>数据库里还没有店铺。</source>
      <translation>The database has no shop yet.</translation>
    </message>
    <message>
      <source>文件太大（超过 20 MB）：{name}</source>
      <translation>The file is too large (over 20 MB): {name}</translation>
    </message>
    <message>
      <source>文件是空的：{name}</source>
      <translation>The file is empty: {name}</translation>
    </message>
    <message>
      <source>文件第 1 行须是列标题，缺少：{columns}</source>
      <translation>Row 1 of the file must hold the column titles; missing: {columns}</translation>
    </message>
    <message>
      <source>新密码</source>
      <translation>New password</translation>
    </message>
    <message>
      <source>新建/编辑</source>
      <translation>Create/edit</translation>
    </message>
    <message>
      <source>新建子账号</source>
      <translation>New sub-account</translation>
    </message>
    <message>
      <source>新建子账号 (Ctrl+N)</source>
      <translation>New sub-account (Ctrl+N)</translation>
    </message>
    <message>
      <source>新建角色</source>
      <translation>New role</translation>
    </message>
    <message>
      <source>新角色名</source>
      <translation>New role name</translation>
    </message>
    <message>
      <source>无法写入文件 {name}：{error}</source>
      <translation>Cannot write the file {name}: {error}</translation>
    </message>
    <message>
      <source>无法识别 {name} 的文字编码。</source>
      <translation>Cannot tell the text encoding of {name}.</translation>
    </message>
    <message>
      <source>无法读取 {name}：不是文本格式的 CSV 文件。</source>
      <translation>Cannot read {name}: it is not a text CSV file.</translation>
    </message>
    <message>
      <source>无法读取 {name}：不是有效的 Excel (.xlsx) 文件。</source>
      <translation>Cannot read {name}: it is not a valid Excel (.xlsx) file.</translation>
    </message>
    <message>
      <source>无法读取文件 {name}：{error}</source>
      <translation>Cannot read the file {name}: {error}</translation>
    </message>
    <message>
      <source>是</source>
      <translation>Yes</translation>
    </message>
    <message>
      <source>昵称</source>
      <translation>Nick</translation>
    </message>
    <message>
      <source>昵称 {nick} 已被使用{suffix}。</source>
      <translation>The nick {nick} is already taken{suffix}.</translation>
    </message>
    <message>
      <source>昵称 {nick} 已被使用。</source>
      <translation>The nick {nick} is already taken.</translation>
    </message>
    <message>
      <source>昵称与第 {line} 行重复。</source>
      <translation>Same nick as row {line}.</translation>
    </message>
    <message>
      <source>有 {n} 行有问题。请改好文件后重新导入；在此之前不会导入任何账号。</source>
      <translation>{n} rows have problems. Fix the file and import it again; until then no account is imported.</translation>
    </message>
    <message>
      <source>未填写</source>
      <translation>Not set</translation>
    </message>
    <message>
      <source>未知的权限：{codes}</source>
      <translation>Unknown permissions: {codes}</translation>
    </message>
    <message>
      <source>未结束的会话交给</source>
      <translation>Hand open conversations to</translation>
    </message>
    <message>
      <source>未认证</source>
      <translation>Unverified</translation>
    </message>
    <message>
      <source>未认证的子账号不能登录</source>
      <translation>An unverified sub-account cannot sign in</translation>
    </message>
    <message>
      <source>查看</source>
      <translation>View</translation>
    </message>
    <message>
      <source>查看商品</source>
      <translation>View products</translation>
    </message>
    <message>
      <source>查看聊天记录</source>
      <translation>View chat records</translation>
    </message>
    <message>
      <source>查看订单</source>
      <translation>View orders</translation>
    </message>
    <message>
      <source>查看账务</source>
      <translation>View accounts</translation>
    </message>
    <message>
      <source>检查通过：将导入 {n} 个子账号（导入后需完成认证才能登录）。</source>
      <translation>All rows are valid: {n} sub-accounts will be imported (they must be verified before they can sign in).</translation>
    </message>
    <message>
      <source>正常</source>
      <translation>Active</translation>
    </message>
    <message>
      <source>没有名为“{role}”的角色。</source>
      <translation>There is no role named “{role}”.</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>登录密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>登记使用这个子账号的员工身份。一个身份证在本店只能认证一个子账号；只保存身份证后 4 位。</source>
      <translation>Record the identity of the employee using this sub-account. One ID verifies one sub-account per shop; only the last 4 digits are kept.</translation>
    </message>
    <message>
      <source>直接上级</source>
      <translation>Manager</translation>
    </message>
    <message>
      <source>直接上级“{nick}”不存在或已离职。</source>
      <translation>The manager “{nick}” does not exist or has left.</translation>
    </message>
    <message>
      <source>直接上级不存在或已离职。</source>
      <translation>The manager does not exist or has left.</translation>
    </message>
    <message>
      <source>直接上级不能是自己或自己的下属。</source>
      <translation>The manager cannot be the account itself or one of its reports.</translation>
    </message>
    <message>
      <source>离职</source>
      <translation>Left</translation>
    </message>
    <message>
      <source>离职于 {at}</source>
      <translation>Left at {at}</translation>
    </message>
    <message>
      <source>离职时间</source>
      <translation>Left at</translation>
    </message>
    <message>
      <source>离职账号不能认证，请先重新任用。</source>
      <translation>A former employee's account cannot be verified; re-hire it first.</translation>
    </message>
    <message>
      <source>第 {line} 行：{reason}</source>
      <translation>line {line}: {reason}</translation>
    </message>
    <message>
      <source>管理客服组、分流与绩效</source>
      <translation>Manages agent groups, routing and performance</translation>
    </message>
    <message>
      <source>管理超级管理员角色</source>
      <translation>Manage the super administrator role</translation>
    </message>
    <message>
      <source>绩效报表</source>
      <translation>Performance reports</translation>
    </message>
    <message>
      <source>编辑</source>
      <translation>Edit</translation>
    </message>
    <message>
      <source>编辑子账号</source>
      <translation>Edit sub-account</translation>
    </message>
    <message>
      <source>美工</source>
      <translation>Designer</translation>
    </message>
    <message>
      <source>职务</source>
      <translation>Job title</translation>
    </message>
    <message>
      <source>自定义角色，{n} 个账号在使用。</source>
      <translation>Custom role, used by {n} accounts.</translation>
    </message>
    <message>
      <source>花名</source>
      <translation>Alias</translation>
    </message>
    <message>
      <source>营销</source>
      <translation>Marketing</translation>
    </message>
    <message>
      <source>营销活动</source>
      <translation>Marketing campaigns</translation>
    </message>
    <message>
      <source>行</source>
      <translation>Row</translation>
    </message>
    <message>
      <source>表格 (*.xlsx *.csv)</source>
      <translation>Spreadsheets (*.xlsx *.csv)</translation>
    </message>
    <message>
      <source>装修店铺</source>
      <translation>Decorate the shop</translation>
    </message>
    <message>
      <source>角色</source>
      <translation>Role</translation>
    </message>
    <message>
      <source>角色“{role}”仍有 {n} 个账号在使用，不能删除：{nicks}</source>
      <translation>The role “{role}” is still used by {n} accounts and cannot be deleted: {nicks}</translation>
    </message>
    <message>
      <source>角色不存在（可能已被删除）。</source>
      <translation>The role does not exist (it may have been deleted).</translation>
    </message>
    <message>
      <source>角色名</source>
      <translation>Role name</translation>
    </message>
    <message>
      <source>角色名须为 1–{max} 个汉字、字母、数字、空格、_ 或 -。</source>
      <translation>A role name must be 1–{max} Chinese characters, letters, digits, spaces, _ or -.</translation>
    </message>
    <message>
      <source>角色说明</source>
      <translation>Description</translation>
    </message>
    <message>
      <source>角色说明不能包含表情符号或控制字符。</source>
      <translation>The role description cannot contain emoji or control characters.</translation>
    </message>
    <message>
      <source>角色说明最多 {max} 个字符。</source>
      <translation>The role description can have at most {max} characters.</translation>
    </message>
    <message>
      <source>角色：{name}</source>
      <translation>Role: {name}</translation>
    </message>
    <message>
      <source>解冻</source>
      <translation>Unfreeze</translation>
    </message>
    <message>
      <source>认证</source>
      <translation>Verify</translation>
    </message>
    <message>
      <source>认证人姓名</source>
      <translation>Verified person's name</translation>
    </message>
    <message>
      <source>设置子账号数量上限</source>
      <translation>Set the sub-account quota</translation>
    </message>
    <message>
      <source>该账号的角色不是客服（或是超级管理员），开启“参与分流”后，分流到的买家消息会发给这个账号，主账号可能因此收不到消息。确定要开启吗？</source>
      <translation>This account's role is not a customer-service role (or is super administrator). With “takes routed conversations” on, routed buyers' messages go to this account, and the main account may then stop receiving messages. Turn it on?</translation>
    </message>
    <message>
      <source>请填写子账号名字。</source>
      <translation>Enter the sub-account's name.</translation>
    </message>
    <message>
      <source>请填写角色。</source>
      <translation>Enter a role.</translation>
    </message>
    <message>
      <source>请填写角色名。</source>
      <translation>Enter a role name.</translation>
    </message>
    <message>
      <source>请填写认证人姓名。</source>
      <translation>Enter the verified person's name.</translation>
    </message>
    <message>
      <source>请选择角色。</source>
      <translation>Choose a role.</translation>
    </message>
    <message>
      <source>财务</source>
      <translation>Finance</translation>
    </message>
    <message>
      <source>账务与订单</source>
      <translation>Accounts and orders</translation>
    </message>
    <message>
      <source>账号 {nick} 已经是离职状态。</source>
      <translation>The account {nick} has already left.</translation>
    </message>
    <message>
      <source>账号 {nick} 没有被冻结。</source>
      <translation>The account {nick} is not frozen.</translation>
    </message>
    <message>
      <source>账号不存在。</source>
      <translation>The account does not exist.</translation>
    </message>
    <message>
      <source>账号：{nick}</source>
      <translation>Account: {nick}</translation>
    </message>
    <message>
      <source>超出子账号数量上限：已有 {used} 个，文件里有 {n} 个，上限 {quota}。</source>
      <translation>Over the sub-account quota: {used} exist, the file has {n}, the quota is {quota}.</translation>
    </message>
    <message>
      <source>超级管理员</source>
      <translation>Super administrator</translation>
    </message>
    <message>
      <source>超级管理员始终拥有全部可授予的权限，不能修改。</source>
      <translation>The super administrator always holds every grantable permission; it cannot be changed.</translation>
    </message>
    <message>
      <source>超级管理员始终拥有全部可授予的权限；只有主账号可以设置谁是超级管理员。</source>
      <translation>The super administrator always holds every grantable permission; only the main account decides who is one.</translation>
    </message>
    <message>
      <source>身份证号</source>
      <translation>ID number</translation>
    </message>
    <message>
      <source>身份证号校验位不正确，请核对。</source>
      <translation>The ID number's check digit is wrong; please check it.</translation>
    </message>
    <message>
      <source>身份证号须为 18 位（最后一位可以是 X）。</source>
      <translation>An ID number has 18 characters (the last may be X).</translation>
    </message>
    <message>
      <source>运营</source>
      <translation>Operations</translation>
    </message>
    <message>
      <source>还原</source>
      <translation>Revert</translation>
    </message>
    <message>
      <source>还没有子账号。点“新建子账号”或“导入”添加团队成员。</source>
      <translation>No sub-accounts yet. Use “New sub-account” or “Import” to add your team.</translation>
    </message>
    <message>
      <source>这个身份证已认证了子账号 {nick}：一个身份证在本店只能认证一个子账号。</source>
      <translation>This ID already verified the sub-account {nick}: one ID verifies one sub-account per shop.</translation>
    </message>
    <message>
      <source>这是主账号，不能在子账号管理里操作。</source>
      <translation>This is the main account; it cannot be managed under sub-accounts.</translation>
    </message>
    <message>
      <source>退款处理</source>
      <translation>Handle refunds</translation>
    </message>
    <message>
      <source>选择要导入的文件</source>
      <translation>Choose the file to import</translation>
    </message>
    <message>
      <source>部门</source>
      <translation>Department</translation>
    </message>
    <message>
      <source>重新任用</source>
      <translation>Re-hire</translation>
    </message>
    <message>
      <source>重新任用 {nick}？账号恢复为正常状态，可以再次登录。</source>
      <translation>Re-hire {nick}? The account becomes active again and can sign in.</translation>
    </message>
    <message>
      <source>重置密码</source>
      <translation>Reset password</translation>
    </message>
    <message>
      <source>重置密码：{nick}</source>
      <translation>Reset password: {nick}</translation>
    </message>
    <message>
      <source>预设角色不能删除。</source>
      <translation>Preset roles cannot be deleted.</translation>
    </message>
    <message>
      <source>预设角色不能改名，可以复制后再改。</source>
      <translation>Preset roles cannot be renamed; copy one and rename the copy.</translation>
    </message>
    <message>
      <source>预设角色：可以调整权限，不能改名或删除。</source>
      <translation>Preset role: its permissions can be changed, but it cannot be renamed or deleted.</translation>
    </message>
    <message>
      <source>额外权限（在角色之外）</source>
      <translation>Extra permissions (beyond the role)</translation>
    </message>
    <message>
      <source>（无）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>（离职员工）</source>
      <translation> (former staff)</translation>
    </message>
    <message>
      <source>子账号数量上限</source>
      <translation>Sub-account quota</translation>
    </message>
    <message>
      <source>子账号数量上限（只有主账号可以调整）</source>
      <translation>Sub-account quota (only the main account can change it)</translation>
    </message>
    <message>
      <source>最多可以有多少个子账号（离职员工不计）</source>
      <translation>How many sub-accounts the shop may have (former staff not counted)</translation>
    </message>
    <message>
      <source>调整上限</source>
      <translation>Set quota</translation>
    </message>
    <message>
      <source>分流</source>
      <translation>Routing</translation>
    </message>
    <message>
      <source>认证状态</source>
      <translation>Verification</translation>
    </message>
    <message>
      <source>{nick} 是主账号，不能导入。</source>
      <translation>{nick} is the main account and cannot be imported.</translation>
    </message>
    <message>
      <source>{nick} 已离职，请先重新任用再导入修改。</source>
      <translation>{nick} has left; re-hire the account before importing changes to it.</translation>
    </message>
    <message>
      <source>已有账号的密码不能通过导入修改，请用“重置密码”。</source>
      <translation>An existing account's password cannot be changed by an import; use "Reset password".</translation>
    </message>
    <message>
      <source>{name} 解压后太大（超过 {mb} MB），不是正常的子账号表格。</source>
      <translation>{name} unpacks to more than {mb} MB: not a normal sub-account sheet.</translation>
    </message>
    <message>
      <source>{nick} 拥有你没有的权限（{n} 项），你不能修改、冻结、删除或重置这个账号；请联系主账号。</source>
      <translation>{nick} holds {n} permission(s) you do not hold: you cannot change, freeze, delete or reset this account. Ask the main account.</translation>
    </message>
    <message>
      <source>未设密码</source>
      <translation>No password</translation>
    </message>
    <message>
      <source>导入文件有 {n} 个问题，没有导入任何账号。</source>
      <translation>The import file has {n} problem(s); no account was imported.</translation>
    </message>
    <message>
      <source>导入文件里没有新账号，也没有要修改的账号。</source>
      <translation>The import file has no new accounts and no changes to existing ones.</translation>
    </message>
    <message>
      <source>接手的同事现在不能接待：须是正常状态、参与分流、在线并且在分流分组里的客服。</source>
      <translation>That colleague cannot take conversations now: choose an active agent who takes routed conversations, is online and is in a routing group.</translation>
    </message>
    <message>
      <source>{group}排队</source>
      <translation>{group} queue</translation>
    </message>
    <message>
      <source>代理账号 {agent}</source>
      <translation>proxy account {agent}</translation>
    </message>
    <message>
      <source>没有未结束的会话需要交接。</source>
      <translation>There were no open conversations to hand over.</translation>
    </message>
    <message>
      <source>{place} {n} 个</source>
      <translation>{place}: {n}</translation>
    </message>
    <message>
      <source>{n} 个未结束的会话已转走：{places}。</source>
      <translation>{n} open conversation(s) moved: {places}.</translation>
    </message>
    <message>
      <source>无法创建数据库文件夹 {folder}：{error}</source>
      <translation>Cannot create the database folder {folder}: {error}</translation>
    </message>
    <message>
      <source>可以先不设密码：账号会标记为“未设密码”，设好密码才能登录。</source>
      <translation>You may leave the password empty: the account is marked "No password" and can sign in once one is set.</translation>
    </message>
    <message>
      <source>交回分流（每个会话重新分配）</source>
      <translation>Back to routing (each conversation routed again)</translation>
    </message>
    <message>
      <source>{name} · {group} · 在线</source>
      <translation>{name} · {group} · online</translation>
    </message>
    <message>
      <source>只列出现在能接待的客服：正常状态、参与分流、在线、在分流分组里。</source>
      <translation>Only agents who can take conversations now are listed: active, taking routed conversations, online and in a routing group.</translation>
    </message>
    <message>
      <source>现在没有其他能接待的客服在线，会话将交回分流（排队或交给代理账号）。</source>
      <translation>No other agent who can take conversations is online: they go back to routing (the queue or the proxy account).</translation>
    </message>
    <message>
      <source>设置密码：{nick}</source>
      <translation>Set password: {nick}</translation>
    </message>
    <message>
      <source>导入后</source>
      <translation>Import does</translation>
    </message>
    <message>
      <source>新建</source>
      <translation>Create</translation>
    </message>
    <message>
      <source>发现 {n} 个问题（每行的每个问题都列在下面）。请改好文件后重新导入；在此之前不会导入任何账号。</source>
      <translation>{n} problem(s) found (every problem of every row is listed below). Fix the file and import it again; until then no account is imported.</translation>
    </message>
    <message>
      <source>检查通过：新建 {new} 个子账号，修改 {changed} 个已有账号，{same} 个没有变化。</source>
      <translation>Checked: {new} new sub-account(s), {changed} existing account(s) changed, {same} unchanged.</translation>
    </message>
    <message>
      <source>其中 {n} 个没有密码，将标记为“未设密码”。</source>
      <translation>{n} of them have no password and will be marked "No password".</translation>
    </message>
    <message>
      <source>新账号需完成认证才能登录。</source>
      <translation>New accounts can sign in after identity verification.</translation>
    </message>
    <message>
      <source>没有“数据 / 导出”权限时，手机号导出为 138****0000</source>
      <translation>Without the Data / Export permission, phones are exported as 138****0000</translation>
    </message>
    <message>
      <source>设好密码才能登录：选中后点“设置密码”</source>
      <translation>Signs in once a password is set: select it and click "Set password"</translation>
    </message>
    <message>
      <source>选中一个账号后可以认证、冻结、删除或重置密码</source>
      <translation>Select an account to verify, freeze, delete it or reset its password</translation>
    </message>
    <message>
      <source>{nick} 拥有你没有的权限，只有主账号可以修改</source>
      <translation>{nick} holds permissions you do not hold; only the main account can change it</translation>
    </message>
    <message>
      <source>去认证</source>
      <translation>Verify now</translation>
    </message>
    <message>
      <source>设置密码</source>
      <translation>Set password</translation>
    </message>
    <message>
      <source>重新任用 {nick}？账号恢复为正常状态，可以再次登录；参与分流保持离职前的设置（{routing}）。</source>
      <translation>Re-hire {nick}? The account becomes active again and can sign in; "Takes routed conversations" stays as it was before leaving ({routing}).</translation>
    </message>
    <message>
      <source>绑定手机不能通过导入修改，请在编辑子账号时修改（需要再次输入主账号密码）。</source>
      <translation>A bound phone cannot be changed by an import: change it in the sub-account editor (it asks for the main account's password again).</translation>
    </message>
    <message>
      <source>修改绑定手机需要再次输入主账号的登录密码。</source>
      <translation>Changing a bound phone needs the main account's password again.</translation>
    </message>
    <message>
      <source>修改绑定手机需要再次输入你的登录密码：</source>
      <translation>Changing the bound phone needs your password again:</translation>
    </message>
    <message>
      <source>确认身份</source>
      <translation>Confirm it is you</translation>
    </message>
    <message>
      <source>这个文件会修改已绑定的手机号。请再次输入主账号的登录密码：</source>
      <translation>This file changes bound phone numbers. Enter the main account's password again:</translation>
    </message>
  </context>
</TS>
