<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>reception</name>
    <message>
      <source>最忙时段每分钟进店咨询的买家数</source>
      <translation>Buyers per minute in the busiest hour</translation>
    </message>
    <message>
      <source>转接会话</source>
      <translation>Transfer conversation</translation>
    </message>
    <message>
      <source>给接手客服的备注（对方可见）</source>
      <translation>A note for the receiving agent (they see it)</translation>
    </message>
    <message>
      <source>转给</source>
      <translation>To</translation>
    </message>
    <message>
      <source>备注</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>快捷短语</source>
      <translation>Quick phrases</translation>
    </message>
    <message>
      <source>如 hi，在回复框输入 /hi 调出</source>
      <translation>e.g. hi: type /hi in the reply box</translation>
    </message>
    <message>
      <source>可用变量：{买家} {客服} {店铺}</source>
      <translation>Variables: {买家} (buyer) {客服} (agent) {店铺} (shop)</translation>
    </message>
    <message>
      <source>全店共用</source>
      <translation>Shared by the whole shop</translation>
    </message>
    <message>
      <source>快捷编码</source>
      <translation>Shortcut code</translation>
    </message>
    <message>
      <source>接待设置</source>
      <translation>Reception settings</translation>
    </message>
    <message>
      <source> 分钟</source>
      <translation> min</translation>
    </message>
    <message>
      <source>会话超时自动结束</source>
      <translation>Close idle conversations after</translation>
    </message>
    <message>
      <source>欢迎语（分配给客服时）</source>
      <translation>Welcome (when an agent is assigned)</translation>
    </message>
    <message>
      <source>排队提示（排队时）</source>
      <translation>Queued notice (when queued)</translation>
    </message>
    <message>
      <source>编码</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>次数</source>
      <translation>Uses</translation>
    </message>
    <message>
      <source>最新消息</source>
      <translation>Latest message</translation>
    </message>
    <message>
      <source>接待中心</source>
      <translation>Reception</translation>
    </message>
    <message>
      <source>我的会话</source>
      <translation>My conversations</translation>
    </message>
    <message>
      <source>跳到等待最久的买家</source>
      <translation>Jump to the buyer who has waited longest</translation>
    </message>
    <message>
      <source>搜索买家或消息</source>
      <translation>Search buyers or messages</translation>
    </message>
    <message>
      <source>选择左侧的会话开始接待</source>
      <translation>Choose a conversation on the left</translation>
    </message>
    <message>
      <source>这位买家最近的其他会话</source>
      <translation>This buyer's other recent conversations</translation>
    </message>
    <message>
      <source>输入回复，Enter 发送，Shift+Enter 换行，/ 加编码调出快捷短语</source>
      <translation>Reply: Enter sends, Shift+Enter new line, / and a code for a quick phrase</translation>
    </message>
    <message>
      <source>标记/取消广告</source>
      <translation>Mark/unmark ad</translation>
    </message>
    <message>
      <source>把选中的买家消息标记为广告，或取消标记</source>
      <translation>Mark the selected buyer message as an ad, or unmark it</translation>
    </message>
    <message>
      <source>转接 (Ctrl+T)</source>
      <translation>Transfer (Ctrl+T)</translation>
    </message>
    <message>
      <source>结束 (Ctrl+W)</source>
      <translation>Close (Ctrl+W)</translation>
    </message>
    <message>
      <source>发送</source>
      <translation>Send</translation>
    </message>
    <message>
      <source>搜索编码、分组或内容</source>
      <translation>Search code, group or text</translation>
    </message>
    <message>
      <source>新建短语</source>
      <translation>New phrase</translation>
    </message>
    <message>
      <source>接手</source>
      <translation>Take over</translation>
    </message>
    <message>
      <source>把这个会话转给自己</source>
      <translation>Transfer this conversation to yourself</translation>
    </message>
    <message>
      <source>改派…</source>
      <translation>Reassign…</translation>
    </message>
    <message>
      <source>（历史会话，只读）</source>
      <translation>(past conversation, read only)</translation>
    </message>
    <message>
      <source>当前会话</source>
      <translation>Current</translation>
    </message>
    <message>
      <source>【广告】</source>
      <translation>[ad]</translation>
    </message>
    <message>
      <source>转接备注（{src} → {dst}）：{note}</source>
      <translation>Transfer note ({src} → {dst}): {note}</translation>
    </message>
    <message>
      <source>{n} 位买家等待超过 {s} 秒，最长 {w}</source>
      <translation>{n} buyers waiting over {s} s, longest {w}</translation>
    </message>
    <message>
      <source>{at} · {agent} · {n} 条</source>
      <translation>{at} · {agent} · {n} messages</translation>
    </message>
    <message>
      <source> 人/分</source>
      <translation> /min</translation>
    </message>
    <message>
      <source>模拟客流</source>
      <translation>Simulated traffic</translation>
    </message>
    <message>
      <source>暂停模拟</source>
      <translation>Pause</translation>
    </message>
    <message>
      <source>开始模拟</source>
      <translation>Start</translation>
    </message>
    <message>
      <source>我的接待状态：在线时接收分流的会话</source>
      <translation>My status: online takes routed conversations</translation>
    </message>
    <message>
      <source>标记广告</source>
      <translation>Mark ad</translation>
    </message>
    <message>
      <source>转接</source>
      <translation>Transfer</translation>
    </message>
    <message>
      <source>转接给其他客服或分组，附备注（Ctrl+T）</source>
      <translation>Transfer to another agent or group, with a note (Ctrl+T)</translation>
    </message>
    <message>
      <source>结束</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>结束会话（Ctrl+W）；Ctrl+↑/↓ 切换会话</source>
      <translation>Close the conversation (Ctrl+W); Ctrl+↑/↓ moves between conversations</translation>
    </message>
    <message>
      <source>Enter 发送，Shift+Enter 换行</source>
      <translation>Enter sends, Shift+Enter starts a new line</translation>
    </message>
    <message>
      <source>模拟买家咨询与客服接待（演示与压测）</source>
      <translation>Simulated buyers and agents (for demos and load tests)</translation>
    </message>
    <message>
      <source>编辑快捷短语</source>
      <translation>Edit quick phrase</translation>
    </message>
    <message>
      <source>全店共用还是个人短语在新建时决定，编辑时不能更改</source>
      <translation>Whether a phrase is shop-wide or personal is chosen when it is created and cannot be changed</translation>
    </message>
    <message>
      <source>编辑选中的短语（F2）</source>
      <translation>Edit the selected phrase (F2)</translation>
    </message>
    <message>
      <source>删除选中的短语（Delete）</source>
      <translation>Delete the selected phrase (Delete)</translation>
    </message>
    <message>
      <source>新建短语…</source>
      <translation>New phrase…</translation>
    </message>
    <message>
      <source>编辑短语…</source>
      <translation>Edit phrase…</translation>
    </message>
    <message>
      <source>删除短语</source>
      <translation>Delete phrase</translation>
    </message>
    <message>
      <source>删除快捷短语</source>
      <translation>Delete quick phrase</translation>
    </message>
    <message>
      <source>删除快捷短语“{name}”？删除后不能恢复。</source>
      <translation>Delete the quick phrase “{name}”? This cannot be undone.</translation>
    </message>
  </context>
</TS>
