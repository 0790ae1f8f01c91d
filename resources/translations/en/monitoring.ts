<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>monitoring</name>
    <message>
      <source> 秒</source>
      <translation> s</translation>
    </message>
    <message>
      <source>3 分钟内得到人工回复的轮次 ÷ 全部轮次</source>
      <translation>Turns answered by a human within 3 minutes ÷ all turns</translation>
    </message>
    <message>
      <source>3分钟回复率</source>
      <translation>3-min reply rate</translation>
    </message>
    <message>
      <source>CSV 文件 (*.csv)</source>
      <translation>CSV file (*.csv)</translation>
    </message>
    <message>
      <source>CSV 文件 (*.csv);;所有文件 (*)</source>
      <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
    <message>
      <source>Excel 工作簿 (*.xlsx)</source>
      <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
      <source>JSON 文件 (*.json)</source>
      <translation>JSON file (*.json)</translation>
    </message>
    <message>
      <source>{h} 小时 {m} 分</source>
      <translation>{h} h {m} min</translation>
    </message>
    <message>
      <source>{metric} · {who} · 每日</source>
      <translation>{metric} · {who} · per day</translation>
    </message>
    <message>
      <source>{metric} · 各客服</source>
      <translation>{metric} · per agent</translation>
    </message>
    <message>
      <source>{n} 条记录，最新的在前</source>
      <translation>{n} entries, newest first</translation>
    </message>
    <message>
      <source>{start} 至 {end}</source>
      <translation>{start} to {end}</translation>
    </message>
    <message>
      <source>{start} 至 {end}（店铺时区），{n} 位客服；慢响应：超过 {slow} 秒；双击一行查看会话</source>
      <translation>{start} to {end} (shop time zone), {n} agent(s); slow response: over {slow} s; double-click a row to see its conversations</translation>
    </message>
    <message>
      <source>{s} 秒</source>
      <translation>{s} s</translation>
    </message>
    <message>
      <source>{who} · {start} 至 {end}</source>
      <translation>{who} · {start} to {end}</translation>
    </message>
    <message>
      <source>{who} 的会话</source>
      <translation>Conversations of {who}</translation>
    </message>
    <message>
      <source>一般</source>
      <translation>Neutral</translation>
    </message>
    <message>
      <source>上一页</source>
      <translation>Previous</translation>
    </message>
    <message>
      <source>下一页</source>
      <translation>Next</translation>
    </message>
    <message>
      <source>不满意</source>
      <translation>Dissatisfied</translation>
    </message>
    <message>
      <source>买家</source>
      <translation>Buyer</translation>
    </message>
    <message>
      <source>买家昵称</source>
      <translation>Buyer nick</translation>
    </message>
    <message>
      <source>买家消息全部是广告的会话，不计入其他数字</source>
      <translation>Conversations whose buyer messages are all ads; left out of every other figure</translation>
    </message>
    <message>
      <source>买家消息分时分布 · {who}</source>
      <translation>Buyer messages per hour · {who}</translation>
    </message>
    <message>
      <source>人工判定不是广告</source>
      <translation>Marked as not an ad by hand</translation>
    </message>
    <message>
      <source>人工标记为广告</source>
      <translation>Flagged as an ad by hand</translation>
    </message>
    <message>
      <source>今天</source>
      <translation>Today</translation>
    </message>
    <message>
      <source>从 CSV 文件导入聊天记录、订单或评价</source>
      <translation>Import chat messages, orders or ratings from a CSV file</translation>
    </message>
    <message>
      <source>会话</source>
      <translation>Conversations</translation>
    </message>
    <message>
      <source>会话 {id} · 买家 {buyer} · 评价 {rating}</source>
      <translation>Conversation {id} · buyer {buyer} · rating {rating}</translation>
    </message>
    <message>
      <source>会话ID</source>
      <translation>Conversation ID</translation>
    </message>
    <message>
      <source>会话不存在</source>
      <translation>The conversation does not exist</translation>
    </message>
    <message>
      <source>会话第一轮的平均响应时间</source>
      <translation>Mean response time of conversations' first turns</translation>
    </message>
    <message>
      <source>全部会话</source>
      <translation>All conversations</translation>
    </message>
    <message>
      <source>全部分组</source>
      <translation>All groups</translation>
    </message>
    <message>
      <source>全部操作</source>
      <translation>All actions</translation>
    </message>
    <message>
      <source>共 {n} 个会话，其中 {u} 个有未回复的轮次；双击一行查看聊天记录</source>
      <translation>{n} conversation(s), {u} with unanswered turns; double-click a row to see its messages</translation>
    </message>
    <message>
      <source>共 {rows} 行：新增 {added} 行，已存在而跳过 {skipped} 行。</source>
      <translation>{rows} row(s): {added} added, {skipped} skipped (already present).</translation>
    </message>
    <message>
      <source>关闭</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>Content</translation>
    </message>
    <message>
      <source>出勤</source>
      <translation>Attendance</translation>
    </message>
    <message>
      <source>出勤（根据在线状态记录）</source>
      <translation>Attendance (from the presence history)</translation>
    </message>
    <message>
      <source>分组</source>
      <translation>Group</translation>
    </message>
    <message>
      <source>分组不存在</source>
      <translation>The group does not exist</translation>
    </message>
    <message>
      <source>匹配消息</source>
      <translation>Matching messages</translation>
    </message>
    <message>
      <source>双击一行查看这些数字背后的会话</source>
      <translation>Double-click a row to see the conversations behind its figures</translation>
    </message>
    <message>
      <source>双击查看聊天记录</source>
      <translation>Double-click to see the messages</translation>
    </message>
    <message>
      <source>发过非广告消息的买家人数</source>
      <translation>Buyers who sent at least one message that is not an ad</translation>
    </message>
    <message>
      <source>发送方</source>
      <translation>Sender</translation>
    </message>
    <message>
      <source>取消广告</source>
      <translation>Not an ad</translation>
    </message>
    <message>
      <source>含广告</source>
      <translation>Has ads</translation>
    </message>
    <message>
      <source>咨询后 24 小时内付款的买家人数</source>
      <translation>Consulted buyers who paid an order within 24 hours</translation>
    </message>
    <message>
      <source>咨询后得到人工回复的买家人数</source>
      <translation>Consulted buyers who then got a human reply</translation>
    </message>
    <message>
      <source>响应时间超过慢响应阈值的轮次</source>
      <translation>Turns answered more slowly than the slow-response threshold</translation>
    </message>
    <message>
      <source>响应时间超过这个值算慢响应</source>
      <translation>A response slower than this is a slow response</translation>
    </message>
    <message>
      <source>在「客服绩效」中查询后显示</source>
      <translation>Shown after a search in "Agent performance"</translation>
    </message>
    <message>
      <source>在线</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>在线时长</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>客服昵称</source>
      <translation>Agent nick</translation>
    </message>
    <message>
      <source>客服消息数 ÷ 买家消息数（不含广告）</source>
      <translation>Agent messages ÷ buyer messages (ads excluded)</translation>
    </message>
    <message>
      <source>对象</source>
      <translation>Target</translation>
    </message>
    <message>
      <source>导入{kind}</source>
      <translation>Import {kind}</translation>
    </message>
    <message>
      <source>导入…</source>
      <translation>Import…</translation>
    </message>
    <message>
      <source>导入失败</source>
      <translation>Import failed</translation>
    </message>
    <message>
      <source>导入完成</source>
      <translation>Import finished</translation>
    </message>
    <message>
      <source>导出…</source>
      <translation>Export…</translation>
    </message>
    <message>
      <source>导出绩效报表</source>
      <translation>Export the performance report</translation>
    </message>
    <message>
      <source>已回复</source>
      <translation>Answered</translation>
    </message>
    <message>
      <source>已回复轮次从买家第一条消息到人工回复的平均秒数</source>
      <translation>Mean seconds from a turn's first buyer message to the human reply, over answered turns</translation>
    </message>
    <message>
      <source>已导出到 {path}</source>
      <translation>Exported to {path}</translation>
    </message>
    <message>
      <source>已更新广告判定</source>
      <translation>Ad verdict updated</translation>
    </message>
    <message>
      <source>常用时间段</source>
      <translation>Common periods</translation>
    </message>
    <message>
      <source>平均响应时间</source>
      <translation>Avg. response time</translation>
    </message>
    <message>
      <source>广告</source>
      <translation>ad</translation>
    </message>
    <message>
      <source>广告会话</source>
      <translation>Ad conversations</translation>
    </message>
    <message>
      <source>广告判定</source>
      <translation>Ad verdict</translation>
    </message>
    <message>
      <source>开始日期（店铺时区，含当天）</source>
      <translation>First day (shop time zone, included)</translation>
    </message>
    <message>
      <source>开始时间</source>
      <translation>Started</translation>
    </message>
    <message>
      <source>很不满意</source>
      <translation>Very dissatisfied</translation>
    </message>
    <message>
      <source>很满意</source>
      <translation>Very satisfied</translation>
    </message>
    <message>
      <source>恢复自动判定</source>
      <translation>Use the filter's verdict</translation>
    </message>
    <message>
      <source>慢响应</source>
      <translation>Slow responses</translation>
    </message>
    <message>
      <source>慢响应阈值</source>
      <translation>Slow if over</translation>
    </message>
    <message>
      <source>慢响应阈值不能为负数</source>
      <translation>The slow-response threshold cannot be negative</translation>
    </message>
    <message>
      <source>把当前报表导出为 Excel、CSV 或 JSON</source>
      <translation>Export this report as Excel, CSV or JSON</translation>
    </message>
    <message>
      <source>把选中的买家消息标记为广告：它不再计入绩效</source>
      <translation>Flag the selected buyer message as an ad: it no longer counts in the figures</translation>
    </message>
    <message>
      <source>挂起</source>
      <translation>Suspended</translation>
    </message>
    <message>
      <source>挂起时长</source>
      <translation>Suspended</translation>
    </message>
    <message>
      <source>指标</source>
      <translation>Metric</translation>
    </message>
    <message>
      <source>按所选时间段和分组计算绩效 (Ctrl+Enter)</source>
      <translation>Compute the figures for the chosen period and group (Ctrl+Enter)</translation>
    </message>
    <message>
      <source>接待客服</source>
      <translation>Handling agent</translation>
    </message>
    <message>
      <source>搜索</source>
      <translation>Search</translation>
    </message>
    <message>
      <source>撤销人工判定，按广告过滤器的结果计算</source>
      <translation>Drop the manual verdict and use the ad filter's result</translation>
    </message>
    <message>
      <source>操作</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>操作人</source>
      <translation>Done by</translation>
    </message>
    <message>
      <source>操作日志</source>
      <translation>Operation log</translation>
    </message>
    <message>
      <source>整个文件都没有导入。请修改下面的 {n} 处错误，再重新导入整个文件。</source>
      <translation>Nothing in the file was imported. Correct the {n} error(s) below and import the whole file again.</translation>
    </message>
    <message>
      <source>无法计算趋势</source>
      <translation>Cannot compute the trend</translation>
    </message>
    <message>
      <source>无法读取会话</source>
      <translation>Cannot read the conversations</translation>
    </message>
    <message>
      <source>无法读取聊天记录</source>
      <translation>Cannot read the messages</translation>
    </message>
    <message>
      <source>日期</source>
      <translation>Dates</translation>
    </message>
    <message>
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>时间段与「客服绩效」相同；没有状态记录之前按离线计算</source>
      <translation>Same period as "Agent performance"; time before the first known status counts as offline</translation>
    </message>
    <message>
      <source>时间段内没有得到人工回复的轮次</source>
      <translation>Turns with no human reply inside the period</translation>
    </message>
    <message>
      <source>昨天</source>
      <translation>Yesterday</translation>
    </message>
    <message>
      <source>最后变化</source>
      <translation>Last change</translation>
    </message>
    <message>
      <source>最后消息</source>
      <translation>Last message</translation>
    </message>
    <message>
      <source>有未回复的轮次</source>
      <translation>With unanswered turns</translation>
    </message>
    <message>
      <source>有评价</source>
      <translation>Rated</translation>
    </message>
    <message>
      <source>期末状态</source>
      <translation>Status at the end</translation>
    </message>
    <message>
      <source>条数必须大于 0</source>
      <translation>The limit must be greater than 0</translation>
    </message>
    <message>
      <source>查询</source>
      <translation>Search</translation>
    </message>
    <message>
      <source>查询失败</source>
      <translation>The search failed</translation>
    </message>
    <message>
      <source>标记为广告</source>
      <translation>Flag as ad</translation>
    </message>
    <message>
      <source>正在导入… %p%</source>
      <translation>Importing… %p%</translation>
    </message>
    <message>
      <source>正在计算…</source>
      <translation>Computing…</translation>
    </message>
    <message>
      <source>没有导出权限</source>
      <translation>You may not export</translation>
    </message>
    <message>
      <source>没有找到聊天记录</source>
      <translation>No messages found</translation>
    </message>
    <message>
      <source>消息数</source>
      <translation>Messages</translation>
    </message>
    <message>
      <source>满意</source>
      <translation>Satisfied</translation>
    </message>
    <message>
      <source>离线</source>
      <translation>Offline</translation>
    </message>
    <message>
      <source>离线时长</source>
      <translation>Offline</translation>
    </message>
    <message>
      <source>第 {a}–{b} 个，共 {n} 个会话</source>
      <translation>{a}–{b} of {n} conversations</translation>
    </message>
    <message>
      <source>答问比</source>
      <translation>Reply/question ratio</translation>
    </message>
    <message>
      <source>筛选买家、客服或会话ID</source>
      <translation>Filter by buyer, agent or conversation ID</translation>
    </message>
    <message>
      <source>系统</source>
      <translation>System</translation>
    </message>
    <message>
      <source>结束日期不能早于开始日期</source>
      <translation>The end date cannot be before the start date</translation>
    </message>
    <message>
      <source>结束日期（店铺时区，含当天）</source>
      <translation>Last day (shop time zone, included)</translation>
    </message>
    <message>
      <source>聊天内容关键词</source>
      <translation>Keyword in the messages</translation>
    </message>
    <message>
      <source>聊天记录（CSV）</source>
      <translation>Chat messages (CSV)</translation>
    </message>
    <message>
      <source>自动回复</source>
      <translation>Auto-reply</translation>
    </message>
    <message>
      <source>自定义</source>
      <translation>Custom</translation>
    </message>
    <message>
      <source>至</source>
      <translation>to</translation>
    </message>
    <message>
      <source>要导入的文件类型</source>
      <translation>What the file holds</translation>
    </message>
    <message>
      <source>订单（CSV）</source>
      <translation>Orders (CSV)</translation>
    </message>
    <message>
      <source>评价一般或不满意</source>
      <translation>Rated neutral or worse</translation>
    </message>
    <message>
      <source>评价（CSV）</source>
      <translation>Ratings (CSV)</translation>
    </message>
    <message>
      <source>详情</source>
      <translation>Details</translation>
    </message>
    <message>
      <source>趋势</source>
      <translation>Trends</translation>
    </message>
    <message>
      <source>趋势最多显示 92 天</source>
      <translation>A trend shows at most 92 days</translation>
    </message>
    <message>
      <source>轮次</source>
      <translation>Turns</translation>
    </message>
    <message>
      <source>过滤器：{reason}</source>
      <translation>Filter: {reason}</translation>
    </message>
    <message>
      <source>近30天</source>
      <translation>Last 30 days</translation>
    </message>
    <message>
      <source>近7天</source>
      <translation>Last 7 days</translation>
    </message>
    <message>
      <source>选中的消息不是广告：它计入绩效</source>
      <translation>The selected message is not an ad: it counts in the figures</translation>
    </message>
    <message>
      <source>选择一个会话查看聊天记录</source>
      <translation>Select a conversation to see its messages</translation>
    </message>
    <message>
      <source>选择一种操作，或输入以“.”结尾的前缀（如 account.）</source>
      <translation>Choose an action, or type a prefix ending in "." (e.g. account.)</translation>
    </message>
    <message>
      <source>选择时间段后点「查询」</source>
      <translation>Choose a period and click "Search"</translation>
    </message>
    <message>
      <source>首次上线</source>
      <translation>First online</translation>
    </message>
    <message>
      <source>首次响应时间</source>
      <translation>First response time</translation>
    </message>
    <message>
      <source>（只显示最近 1000 条）</source>
      <translation> (only the latest 1000 shown)</translation>
    </message>
    <message>
      <source>（很满意 + 满意）÷ 评价数</source>
      <translation>(very satisfied + satisfied) ÷ ratings</translation>
    </message>
    <message>
      <source>（过滤器：{reason}）</source>
      <translation> (filter: {reason})</translation>
    </message>
    <message>
      <source>聊天记录查询</source>
      <translation>Chat search</translation>
    </message>
    <message>
      <source>聊天记录详情</source>
      <translation>Chat transcript</translation>
    </message>
  </context>
</TS>
