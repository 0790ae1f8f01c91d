<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>dashboard</name>
    <message>
      <source>实时数据：未回复、排队、在线客服、今日平均响应</source>
      <translation>Live figures: unreplied, queued, online agents, today's average response</translation>
    </message>
    <message>
      <source>时刻（ISO-8601 带时区，或店铺时间 YYYY-MM-DD HH:MM:SS；默认现在）</source>
      <translation>Instant (ISO-8601 with offset, or shop time YYYY-MM-DD HH:MM:SS; default now)</translation>
    </message>
    <message>
      <source>以 JSON 输出（METRICS.md §5 的字段）</source>
      <translation>Print JSON (the fields of METRICS.md §5)</translation>
    </message>
    <message>
      <source>{s:.1f} 秒</source>
      <translation>{s:.1f} s</translation>
    </message>
    <message>
      <source>实时数据 {at}</source>
      <translation>Live figures at {at}</translation>
    </message>
    <message>
      <source>店铺亮灯：{lit}</source>
      <translation>Shop light: {lit}</translation>
    </message>
    <message>
      <source>进行中会话 {n}，未回复人数 {u}，排队人数 {q}，最长等待 {w}</source>
      <translation>Open conversations {n}, unreplied buyers {u}, queued {q}, longest wait {w}</translation>
    </message>
    <message>
      <source>在线客服 {o}，挂起 {s}，今日平均响应时间 {r}</source>
      <translation>Online agents {o}, suspended {s}, today's average response time {r}</translation>
    </message>
    <message>
      <source>亮</source>
      <translation>on</translation>
    </message>
    <message>
      <source>灭</source>
      <translation>off</translation>
    </message>
    <message>
      <source>  {agent}  {status}  接待 {load}/{capacity}  未回复 {unreplied}</source>
      <translation>  {agent}  {status}  load {load}/{capacity}  unreplied {unreplied}</translation>
    </message>
    <message>
      <source>时间无效：{value}（{reason}）</source>
      <translation>Invalid time: {value} ({reason})</translation>
    </message>
    <message>
      <source>等待客服回复</source>
      <translation>Waiting for the agent's reply</translation>
    </message>
    <message>
      <source>转给代理账号</source>
      <translation>With the proxy account</translation>
    </message>
    <message>
      <source>时间必须带时区</source>
      <translation>The time needs a time zone</translation>
    </message>
    <message>
      <source>全部客服已满</source>
      <translation>All agents are full</translation>
    </message>
    <message>
      <source>分组无人在线</source>
      <translation>Nobody in the group is online</translation>
    </message>
    <message>
      <source>时间 {at} 早于已保存的最新实时事件（{newest}），无法给出该时刻的实时数据。</source>
      <translation>The time {at} is earlier than the newest stored live event ({newest}); live figures cannot be given for that instant.</translation>
    </message>
    <message>
      <source>近 60 分钟每分钟新会话</source>
      <translation>New conversations per minute, last 60 minutes</translation>
    </message>
    <message>
      <source>近 60 分钟未回复人数</source>
      <translation>Unreplied buyers, last 60 minutes</translation>
    </message>
    <message>
      <source>近 60 分钟平均响应时间（秒）</source>
      <translation>Average response time (s), last 60 minutes</translation>
    </message>
    <message>
      <source>今日每小时新会话（对比上周同日）</source>
      <translation>New conversations by hour today (vs. same day last week)</translation>
    </message>
    <message>
      <source>上周同日</source>
      <translation>Same day last week</translation>
    </message>
    <message>
      <source>{h} 小时 {m:02d} 分</source>
      <translation>{h} h {m:02d} min</translation>
    </message>
    <message>
      <source>上限</source>
      <translation>Capacity</translation>
    </message>
    <message>
      <source>未回复</source>
      <translation>Unreplied</translation>
    </message>
    <message>
      <source>最长等待</source>
      <translation>Longest wait</translation>
    </message>
    <message>
      <source>今日已答轮次</source>
      <translation>Answered today</translation>
    </message>
    <message>
      <source>今日平均响应</source>
      <translation>Avg. response today</translation>
    </message>
    <message>
      <source>等待</source>
      <translation>Waiting</translation>
    </message>
    <message>
      <source>开始</source>
      <translation>Started</translation>
    </message>
    <message>
      <source>{m} 分 {s:02d} 秒</source>
      <translation>{m} min {s:02d} s</translation>
    </message>
    <message>
      <source>接待中</source>
      <translation>In progress</translation>
    </message>
    <message>
      <source>大屏模式</source>
      <translation>Wall mode</translation>
    </message>
    <message>
      <source>全屏显示大号数字，隐藏买家昵称（Esc 退出）</source>
      <translation>Full screen, big numbers, buyer nicks hidden (Esc leaves)</translation>
    </message>
    <message>
      <source>实时表</source>
      <translation>Live table</translation>
    </message>
    <message>
      <source>等待中的买家</source>
      <translation>Waiting buyers</translation>
    </message>
    <message>
      <source>趋势图</source>
      <translation>Charts</translation>
    </message>
    <message>
      <source>慢响应提醒</source>
      <translation>Slow responses</translation>
    </message>
    <message>
      <source>点选客服查看其会话</source>
      <translation>Click an agent to see their conversations</translation>
    </message>
    <message>
      <source>选中一位买家，查看让他等待的分流设置</source>
      <translation>Select a buyer to see the routing setting that keeps them waiting</translation>
    </message>
    <message>
      <source>打开分流设置</source>
      <translation>Open routing settings</translation>
    </message>
    <message>
      <source>{group}组的客服都已接满：在分流设置里调高接待上限，或为该组设置溢出分组。</source>
      <translation>Every agent of {group} is at capacity: raise capacities in routing settings, or give the group an overflow group.</translation>
    </message>
    <message>
      <source>{group}组没有客服在线：在分流设置里调整成员，或让客服上线。</source>
      <translation>Nobody in {group} is online: change its members in routing settings, or ask agents to go online.</translation>
    </message>
    <message>
      <source>没有参与分流的客服在线，买家由代理账号接待：在分流设置里查看代理账号。</source>
      <translation>No routed agent is online, so the proxy account holds the buyer: see the proxy account in routing settings.</translation>
    </message>
    <message>
      <source>客服已接待，尚未回复：提醒{agent}回复。</source>
      <translation>Assigned but not answered yet: remind {agent} to reply.</translation>
    </message>
    <message>
      <source>未回复人数</source>
      <translation>Unreplied buyers</translation>
    </message>
    <message>
      <source>排队人数</source>
      <translation>Queued</translation>
    </message>
    <message>
      <source>在线客服人数</source>
      <translation>Online agents</translation>
    </message>
    <message>
      <source>今日平均响应时间</source>
      <translation>Avg. response today</translation>
    </message>
    <message>
      <source>店铺亮灯</source>
      <translation>Shop light</translation>
    </message>
    <message>
      <source>慢响应（正在等待的买家）</source>
      <translation>Slow responses (buyers waiting now)</translation>
    </message>
    <message>
      <source>有买家排队时空闲的客服</source>
      <translation>Agents idle while buyers queue</translation>
    </message>
    <message>
      <source>{online}（挂起 {suspended}）</source>
      <translation>{online} ({suspended} suspended)</translation>
    </message>
    <message>
      <source>{agent} 的会话</source>
      <translation>{agent}'s conversations</translation>
    </message>
    <message>
      <source>慢响应：{n} 位买家已等待超过 {s} 秒，最长 {w}</source>
      <translation>Slow responses: {n} buyer(s) waiting over {s} s, longest {w}</translation>
    </message>
    <message>
      <source>{n} 位客服有空闲，而有买家在排队</source>
      <translation>{n} agent(s) have room while buyers queue</translation>
    </message>
    <message>
      <source>{buyer} · {agent} · 已等 {wait} · {reason}</source>
      <translation>{buyer} · {agent} · waiting {wait} · {reason}</translation>
    </message>
    <message>
      <source>{agent}（{group}）接待 {load}/{capacity}</source>
      <translation>{agent} ({group}) load {load}/{capacity}</translation>
    </message>
    <message>
      <source>实时数据 · 大屏</source>
      <translation>Live figures · wall</translation>
    </message>
    <message>
      <source>{n} 个子账号未完成认证</source>
      <translation>{n} sub-account(s) not verified</translation>
    </message>
    <message>
      <source>{n} 个账号因密码错误被锁定</source>
      <translation>{n} account(s) locked after wrong passwords</translation>
    </message>
    <message>
      <source>{n} 位买家已等待超过 {s} 秒</source>
      <translation>{n} buyer(s) waiting over {s} s</translation>
    </message>
    <message>
      <source>{n} 个账号还没有设置密码</source>
      <translation>{n} account(s) without a password</translation>
    </message>
    <message>
      <source>待办</source>
      <translation>To-dos</translation>
    </message>
    <message>
      <source>双击或回车打开相应页面</source>
      <translation>Double-click or press Enter to open the page</translation>
    </message>
    <message>
      <source>快捷入口</source>
      <translation>Shortcuts</translation>
    </message>
    <message>
      <source>安全提醒：</source>
      <translation>Security alert: </translation>
    </message>
    <message>
      <source>暂无待办</source>
      <translation>Nothing to do</translation>
    </message>
    <message>
      <source>在线客服人数（挂起 {suspended}）</source>
      <translation>Online agents ({suspended} suspended)</translation>
    </message>
    <message>
      <source>{text}：{names}</source>
      <translation>{text}: {names}</translation>
    </message>
    <message>
      <source>实时数据暂时无法刷新：{error}</source>
      <translation>The live figures cannot be refreshed right now: {error}</translation>
    </message>
  </context>
</TS>
