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
  </context>
</TS>
