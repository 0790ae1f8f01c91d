<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>monitoring_data</name>
    <message>
      <source>时间无法识别：{value}</source>
      <translation>unrecognised time: {value}</translation>
    </message>
    <message>
      <source>时间不存在：{value}</source>
      <translation>impossible time: {value}</translation>
    </message>
    <message>
      <source>会话ID 为空</source>
      <translation>empty conversation_id</translation>
    </message>
    <message>
      <source>订单号为空</source>
      <translation>empty order_id</translation>
    </message>
    <message>
      <source>买家为空</source>
      <translation>empty buyer</translation>
    </message>
    <message>
      <source>文件 {file} 有 {n} 处错误，未导入任何数据。</source>
      <translation>File {file} has {n} error(s); nothing was imported.</translation>
    </message>
    <message>
      <source>客服为空（买家、客服和自动回复行必须写明客服）</source>
      <translation>empty agent (buyer, agent and auto rows must name the agent)</translation>
    </message>
    <message>
      <source>订单号太长</source>
      <translation>order_id is too long</translation>
    </message>
    <message>
      <source>……另有 {n} 处错误未列出</source>
      <translation>… and {n} more error(s) not listed</translation>
    </message>
    <message>
      <source>列 {column} 出现了两次</source>
      <translation>column {column} appears twice</translation>
    </message>
    <message>
      <source>缺少列 {column}</source>
      <translation>missing column {column}</translation>
    </message>
    <message>
      <source>未知的导入类型：{kind}</source>
      <translation>Unknown import kind: {kind}</translation>
    </message>
    <message>
      <source>找不到文件：{file}</source>
      <translation>File not found: {file}</translation>
    </message>
    <message>
      <source>文件 {file} 是空的（没有表头）。</source>
      <translation>File {file} is empty (no header row).</translation>
    </message>
    <message>
      <source>未知的发送方：{value}</source>
      <translation>unknown sender: {value}</translation>
    </message>
    <message>
      <source>金额无效：{value}</source>
      <translation>bad amount: {value}</translation>
    </message>
    <message>
      <source>评价无效：{value}（应为 很满意/满意/一般/不满意/很不满意 或 5..1）</source>
      <translation>bad rating: {value} (expected 很满意/满意/一般/不满意/很不满意 or 5..1)</translation>
    </message>
    <message>
      <source>第 {line} 行：{reason}</source>
      <translation>line {line}: {reason}</translation>
    </message>
    <message>
      <source>无法读取文件 {file}：{error}</source>
      <translation>Cannot read file {file}: {error}</translation>
    </message>
    <message>
      <source>文件 {file} 不是 UTF-8 编码（第 {line} 行无法解码），未导入任何数据。请在 Excel 或记事本中另存为“UTF-8”后再导入。</source>
      <translation>File {file} is not UTF-8 encoded (line {line} cannot be decoded); nothing was imported. Save it as "UTF-8" in Excel or a text editor and import it again.</translation>
    </message>
    <message>
      <source>CSV 格式错误：{error}</source>
      <translation>malformed CSV: {error}</translation>
    </message>
    <message>
      <source>有 {n} 个字段，表头有 {m} 个</source>
      <translation>has {n} fields, the header has {m}</translation>
    </message>
    <message>
      <source>会话 {conversation} 不存在（请先导入聊天记录）</source>
      <translation>unknown conversation {conversation} (import its chat messages first)</translation>
    </message>
    <message>
      <source>不是 UTF-8 编码</source>
      <translation>not UTF-8 encoded</translation>
    </message>
    <message>
      <source>客服绩效</source>
      <translation>Agent performance</translation>
    </message>
    <message>
      <source>客服</source>
      <translation>Agent</translation>
    </message>
    <message>
      <source>咨询人数</source>
      <translation>Consulted</translation>
    </message>
    <message>
      <source>回复人数</source>
      <translation>Replied</translation>
    </message>
    <message>
      <source>回复率</source>
      <translation>Reply rate</translation>
    </message>
    <message>
      <source>平均响应时间（秒）</source>
      <translation>Avg. response time (s)</translation>
    </message>
    <message>
      <source>首次响应时间（秒）</source>
      <translation>First response time (s)</translation>
    </message>
    <message>
      <source>未回复轮次</source>
      <translation>Unanswered turns</translation>
    </message>
    <message>
      <source>下单人数</source>
      <translation>Ordered</translation>
    </message>
    <message>
      <source>询单转化率</source>
      <translation>Inquiry conversion</translation>
    </message>
    <message>
      <source>询单流失人数</source>
      <translation>Lost inquiries</translation>
    </message>
    <message>
      <source>评价数</source>
      <translation>Ratings</translation>
    </message>
    <message>
      <source>满意率</source>
      <translation>Satisfaction rate</translation>
    </message>
    <message>
      <source>广告会话数</source>
      <translation>Ad conversations</translation>
    </message>
    <message>
      <source>全店</source>
      <translation>Whole shop</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>About</translation>
    </message>
    <message>
      <source>开始日期</source>
      <translation>From</translation>
    </message>
    <message>
      <source>结束日期</source>
      <translation>To</translation>
    </message>
    <message>
      <source>消息不存在。</source>
      <translation>The message does not exist.</translation>
    </message>
    <message>
      <source>未知的导出格式：{fmt}（可选 json、csv、xlsx）</source>
      <translation>Unknown format: {fmt} (choose json, csv or xlsx)</translation>
    </message>
    <message>
      <source>开始日期 {start} 晚于结束日期 {end}。</source>
      <translation>The start date {start} is after the end date {end}.</translation>
    </message>
    <message>
      <source>分组不存在。</source>
      <translation>The group does not exist.</translation>
    </message>
    <message>
      <source>无法写入文件 {file}：{error}</source>
      <translation>Cannot write file {file}: {error}</translation>
    </message>
    <message>
      <source>聊天记录</source>
      <translation>chat messages</translation>
    </message>
    <message>
      <source>订单</source>
      <translation>orders</translation>
    </message>
    <message>
      <source>评价</source>
      <translation>ratings</translation>
    </message>
    <message>
      <source>导入聊天记录、订单或评价（CSV）</source>
      <translation>import chat messages, orders or ratings (CSV)</translation>
    </message>
    <message>
      <source>导入类型：chats、orders 或 ratings</source>
      <translation>what to import: chats, orders or ratings</translation>
    </message>
    <message>
      <source>CSV 文件（UTF-8，首行为表头）</source>
      <translation>CSV file (UTF-8, header in the first row)</translation>
    </message>
    <message>
      <source>以 JSON 输出结果</source>
      <translation>print the result as JSON</translation>
    </message>
    <message>
      <source>已导入{kind}：共 {rows} 行，新增 {added} 行，跳过 {skipped} 行（已存在）。</source>
      <translation>Imported {kind}: {rows} rows, {added} added, {skipped} skipped (already present).</translation>
    </message>
    <message>
      <source>其中 {n} 行更新了已有记录。</source>
      <translation> {n} of them replaced existing records.</translation>
    </message>
    <message>
      <source>客服绩效报表</source>
      <translation>agent performance report</translation>
    </message>
    <message>
      <source>报表类型（agents：客服绩效）</source>
      <translation>report kind (agents: agent performance)</translation>
    </message>
    <message>
      <source>开始日期 YYYY-MM-DD（店铺时区）</source>
      <translation>first day, YYYY-MM-DD (shop time zone)</translation>
    </message>
    <message>
      <source>结束日期 YYYY-MM-DD（含当天）</source>
      <translation>last day, YYYY-MM-DD (included)</translation>
    </message>
    <message>
      <source>输出格式：json、csv 或 xlsx</source>
      <translation>output format: json, csv or xlsx</translation>
    </message>
    <message>
      <source>输出文件（json 默认输出到屏幕；xlsx 必须指定）</source>
      <translation>output file (json goes to standard output by default; required for xlsx)</translation>
    </message>
    <message>
      <source>只列出该分流分组的客服</source>
      <translation>list only the agents of this routing group</translation>
    </message>
    <message>
      <source>xlsx 格式必须用 --out 指定输出文件。</source>
      <translation>The xlsx format needs an output file: use --out FILE.</translation>
    </message>
    <message>
      <source>报表已保存到 {file}</source>
      <translation>Report saved to {file}</translation>
    </message>
    <message>
      <source>日期无效：{value}（应为 YYYY-MM-DD）</source>
      <translation>Bad date: {value} (expected YYYY-MM-DD)</translation>
    </message>
  </context>
</TS>
