<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>reports</name>
    <message>
      <source>导入聊天记录、订单和评价</source>
      <translation>Import chats, orders and ratings</translation>
    </message>
    <message>
      <source>数据维护</source>
      <translation>Data maintenance</translation>
    </message>
    <message>
      <source>rebuild-summaries：重建报表汇总（升级旧数据库后运行一次）</source>
      <translation>rebuild-summaries: rebuild the report summaries (run once after upgrading an older database)</translation>
    </message>
    <message>
      <source>已重建 {done}/{total} 个会话</source>
      <translation>Rebuilt {done}/{total} conversations</translation>
    </message>
    <message>
      <source>报表汇总已重建：{n} 个会话。</source>
      <translation>Report summaries rebuilt: {n} conversations.</translation>
    </message>
    <message>
      <source>报表类型（agents：客服绩效；trend：每日趋势）</source>
      <translation>report type (agents: agent performance; trend: daily trend)</translation>
    </message>
    <message>
      <source>趋势只列出这个客服（默认全店）</source>
      <translation>trend of this agent only (default: the whole shop)</translation>
    </message>
    <message>
      <source>趋势只支持 json 或 csv 格式。</source>
      <translation>The trend supports only the json or csv format.</translation>
    </message>
    <message>
      <source>（秒）</source>
      <translation> (s)</translation>
    </message>
    <message>
      <source>回复人数 ÷ 咨询人数</source>
      <translation>Replied ÷ consulted</translation>
    </message>
    <message>
      <source>下单人数 ÷ 咨询人数</source>
      <translation>Ordered ÷ consulted</translation>
    </message>
    <message>
      <source>咨询人数 − 下单人数</source>
      <translation>Consulted − ordered</translation>
    </message>
    <message>
      <source>时间段内有消息、不是广告会话的会话所得评价</source>
      <translation>Ratings of conversations with a message in the period that are not ad conversations</translation>
    </message>
    <message>
      <source>趋势最多显示 {n} 天</source>
      <translation>The trend shows at most {n} days</translation>
    </message>
    <message>
      <source>没有导入权限</source>
      <translation>No permission to import</translation>
    </message>
    <message>
      <source>统计日期</source>
      <translation>Date</translation>
    </message>
    <message>
      <source>正在重建报表汇总（升级后只需一次）…</source>
      <translation>Rebuilding the report summaries (once after an upgrade)…</translation>
    </message>
    <message>
      <source>报表汇总已重建</source>
      <translation>Report summaries rebuilt</translation>
    </message>
  </context>
</TS>
