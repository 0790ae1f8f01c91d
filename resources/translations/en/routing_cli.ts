<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>routing_cli</name>
    <message>
      <source>客服分流</source>
      <translation>Customer-service routing</translation>
    </message>
    <message>
      <source>试一试：这条买家消息现在会分给谁、为什么（不写入任何数据）</source>
      <translation>Try it: who would get this buyer message now, and why (nothing is written)</translation>
    </message>
    <message>
      <source>买家消息</source>
      <translation>The buyer's message</translation>
    </message>
    <message>
      <source>进店页面或商品</source>
      <translation>Entry page or product</translation>
    </message>
    <message>
      <source>买家标签（可重复）</source>
      <translation>Buyer tag (repeatable)</translation>
    </message>
    <message>
      <source>订单状态，如 售后</source>
      <translation>Order status, e.g. 售后 (after-sale)</translation>
    </message>
    <message>
      <source>买家昵称（用于识别熟客）</source>
      <translation>Buyer nick (to recognise returning buyers)</translation>
    </message>
    <message>
      <source>{agent}（{group}）：{reason}</source>
      <translation>{agent} ({group}): {reason}</translation>
    </message>
  </context>
</TS>
