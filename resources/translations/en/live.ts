<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>live</name>
    <message>
      <source>导入实时事件（JSON Lines：上下线、消息、转接、结束会话）</source>
      <translation>Apply live events (JSON Lines: presence, messages, transfers, closes)</translation>
    </message>
    <message>
      <source>JSON Lines 文件（默认：标准输入）</source>
      <translation>JSON Lines file (default: standard input)</translation>
    </message>
    <message>
      <source>模拟买家咨询与客服接待（可重现）</source>
      <translation>Simulate buyers and agents (reproducible)</translation>
    </message>
    <message>
      <source>随机种子（相同种子产生相同事件）</source>
      <translation>Random seed (the same seed gives the same events)</translation>
    </message>
    <message>
      <source>最忙时段每分钟进店咨询的买家数</source>
      <translation>Buyers per minute in the busiest hour</translation>
    </message>
    <message>
      <source>模拟多少分钟</source>
      <translation>How many minutes to simulate</translation>
    </message>
    <message>
      <source>倍速：每秒真实时间走 X 秒模拟时间（0：不等待，尽快完成）</source>
      <translation>Speed: X simulated seconds per real second (0: no waiting, as fast as possible)</translation>
    </message>
    <message>
      <source>双11高峰模式</source>
      <translation>Double-11 peak mode</translation>
    </message>
    <message>
      <source>模拟开始时刻（默认：最新事件或现在）</source>
      <translation>Start of the simulation (default: the newest event, or now)</translation>
    </message>
    <message>
      <source>不写入店铺，输出 JSON Lines 事件（供 ingest 使用）</source>
      <translation>Write nothing to the shop; print JSON Lines events (for ingest)</translation>
    </message>
    <message>
      <source>--rate 必须在 0 到 10000 之间</source>
      <translation>--rate must be between 0 and 10000</translation>
    </message>
    <message>
      <source>--minutes 必须在 0 到 10080 之间</source>
      <translation>--minutes must be between 0 and 10080</translation>
    </message>
    <message>
      <source>--speed 不能为负数</source>
      <translation>--speed cannot be negative</translation>
    </message>
    <message>
      <source>模拟 {minutes} 分钟：{events} 个事件（拒绝 {rejected}），{conv} 位买家进店，{orders} 笔订单，{ratings} 条评价</source>
      <translation>Simulated {minutes} minutes: {events} events ({rejected} refused), {conv} buyers, {orders} orders, {ratings} ratings</translation>
    </message>
    <message>
      <source>开始时刻早于已保存的最新事件（{newest}）</source>
      <translation>The start is earlier than the newest stored event ({newest})</translation>
    </message>
    <message>
      <source>时间无效：{value}</source>
      <translation>Invalid time: {value}</translation>
    </message>
    <message>
      <source>{src} 转接给 {dst}</source>
      <translation>{src} transferred to {dst}</translation>
    </message>
    <message>
      <source>转接：{src} → {group}</source>
      <translation>Transfer: {src} → {group}</translation>
    </message>
    <message>
      <source>转接：{src} → {dst}</source>
      <translation>Transfer: {src} → {dst}</translation>
    </message>
    <message>
      <source>{text}（备注：{note}）</source>
      <translation>{text} (note: {note})</translation>
    </message>
    <message>
      <source>未知的分组：{name}</source>
      <translation>unknown group: {name}</translation>
    </message>
    <message>
      <source>未知的客服：{nick}</source>
      <translation>unknown agent: {nick}</translation>
    </message>
    <message>
      <source>买家 {buyer} 没有进行中的会话</source>
      <translation>buyer {buyer} has no open conversation</translation>
    </message>
    <message>
      <source>{group}没有在线的客服，不能转接</source>
      <translation>{group} has no agent signed in; cannot transfer</translation>
    </message>
    <message>
      <source>时间 {at} 早于已保存的最新事件（{newest}）</source>
      <translation>time {at} is earlier than the newest stored event ({newest})</translation>
    </message>
    <message>
      <source>买家 {buyer} 的会话正在排队，还没有客服可以回复</source>
      <translation>buyer {buyer}'s conversation is queued; no agent can reply yet</translation>
    </message>
    <message>
      <source>会话由 {holder} 接待，不是 {agent}</source>
      <translation>the conversation is held by {holder}, not {agent}</translation>
    </message>
    <message>
      <source>会话已由 {agent} 接待</source>
      <translation>the conversation is already with {agent}</translation>
    </message>
    <message>
      <source>{agent} 不在线或不参与分流，不能转接</source>
      <translation>{agent} is not signed in or takes no routed conversations; cannot transfer</translation>
    </message>
    <message>
      <source>{agent} 已满（{load}/{capacity}），不能转接</source>
      <translation>{agent} is full ({load}/{capacity}); cannot transfer</translation>
    </message>
    <message>
      <source>欢迎语</source>
      <translation>Welcome</translation>
    </message>
    <message>
      <source>排队提示</source>
      <translation>Queued notice</translation>
    </message>
    <message>
      <source>启用的自动回复不能为空</source>
      <translation>An enabled auto-reply cannot be empty</translation>
    </message>
    <message>
      <source>未知的自动回复类型：{kind}</source>
      <translation>Unknown auto-reply kind: {kind}</translation>
    </message>
    <message>
      <source>自动回复不能超过 {n} 个字</source>
      <translation>An auto-reply cannot be longer than {n} characters</translation>
    </message>
    <message>
      <source>不是 JSON 对象</source>
      <translation>not a JSON object</translation>
    </message>
    <message>
      <source>字段 {field} 应为字符串</source>
      <translation>field {field} must be a string</translation>
    </message>
    <message>
      <source>字段 {field} 过长（最多 {n} 个字）</source>
      <translation>field {field} is too long (at most {n} characters)</translation>
    </message>
    <message>
      <source>字段 {field} 不能为空</source>
      <translation>field {field} cannot be empty</translation>
    </message>
    <message>
      <source>缺少字段 {field}</source>
      <translation>missing field {field}</translation>
    </message>
    <message>
      <source>字段 {field} 的值未知：{value}</source>
      <translation>unknown value of field {field}: {value}</translation>
    </message>
    <message>
      <source>字段 {field} 应为字符串列表</source>
      <translation>field {field} must be a list of strings</translation>
    </message>
    <message>
      <source>字段 id 应为 1 到 {n} 个字符的字符串</source>
      <translation>field id must be a string of 1 to {n} characters</translation>
    </message>
    <message>
      <source>第 {n} 行：{reason}</source>
      <translation>line {n}: {reason}</translation>
    </message>
    <message>
      <source>超过 64 KiB</source>
      <translation>longer than 64 KiB</translation>
    </message>
    <message>
      <source>共 {lines} 行：应用 {applied}，跳过 {skipped}（重复的 id），拒绝 {rejected}</source>
      <translation>{lines} lines: {applied} applied, {skipped} skipped (repeated id), {rejected} rejected</translation>
    </message>
    <message>
      <source>不是 UTF-8 文本</source>
      <translation>not UTF-8 text</translation>
    </message>
    <message>
      <source>不是有效的 JSON</source>
      <translation>not valid JSON</translation>
    </message>
    <message>
      <source>短语内容不能为空</source>
      <translation>The phrase cannot be empty</translation>
    </message>
    <message>
      <source>快捷编码最多 20 个字符，且不能有空格</source>
      <translation>A shortcut code has at most 20 characters and no spaces</translation>
    </message>
    <message>
      <source>短语不存在或已删除</source>
      <translation>The phrase does not exist or was deleted</translation>
    </message>
    <message>
      <source>只能修改自己的短语</source>
      <translation>You can only edit your own phrases</translation>
    </message>
    <message>
      <source>短语内容不能超过 {n} 个字</source>
      <translation>A phrase cannot be longer than {n} characters</translation>
    </message>
    <message>
      <source>--emit 目前只支持 SQLite 店铺</source>
      <translation>--emit only works with a SQLite shop for now</translation>
    </message>
    <message>
      <source>主管接手</source>
      <translation>Taken over by a supervisor</translation>
    </message>
    <message>
      <source>消息不能为空</source>
      <translation>The message cannot be empty</translation>
    </message>
    <message>
      <source>只能查看自己接待的会话</source>
      <translation>You can only see conversations you handle</translation>
    </message>
    <message>
      <source>消息不存在</source>
      <translation>The message does not exist</translation>
    </message>
    <message>
      <source>只有买家消息可以标记为广告</source>
      <translation>Only buyer messages can be marked as ads</translation>
    </message>
    <message>
      <source>只能标记自己接待的会话里的消息</source>
      <translation>You can only mark messages of conversations you handle</translation>
    </message>
    <message>
      <source>慢响应提醒必须在 10 到 3600 秒之间</source>
      <translation>The slow-response reminder must be between 10 and 3600 seconds</translation>
    </message>
    <message>
      <source>未知的自动回复类型（可用：{kinds}）</source>
      <translation>unknown auto-reply kind (use: {kinds})</translation>
    </message>
    <message>
      <source>与 {other} 重复</source>
      <translation>the same as {other}</translation>
    </message>
    <message>
      <source>分组不存在：{name}</source>
      <translation>no such group: {name}</translation>
    </message>
    <message>
      <source>数据库正忙，继续等待……</source>
      <translation>The database is busy; still waiting…</translation>
    </message>
  </context>
</TS>
