<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>routing</name>
    <message>
      <source>排队中</source>
      <translation>Queued</translation>
    </message>
    <message>
      <source>分组名称不能为空</source>
      <translation>The group name cannot be empty</translation>
    </message>
    <message>
      <source>分组名称不能超过 40 个字</source>
      <translation>The group name cannot be longer than 40 characters</translation>
    </message>
    <message>
      <source>接待上限必须是大于 0 的整数</source>
      <translation>Capacity must be a whole number greater than 0</translation>
    </message>
    <message>
      <source>权重必须是大于 0 的整数</source>
      <translation>Weight must be a whole number greater than 0</translation>
    </message>
    <message>
      <source>规则内容不能为空</source>
      <translation>The rule needs at least one word</translation>
    </message>
    <message>
      <source>规则内容不能超过 500 个字</source>
      <translation>A rule cannot be longer than 500 characters</translation>
    </message>
    <message>
      <source>买家昵称不能为空</source>
      <translation>The buyer nick cannot be empty</translation>
    </message>
    <message>
      <source>已冻结</source>
      <translation>Frozen</translation>
    </message>
    <message>
      <source>已删除</source>
      <translation>Deleted</translation>
    </message>
    <message>
      <source>会话进行中 → {agent}</source>
      <translation>conversation in progress → {agent}</translation>
    </message>
    <message>
      <source>会话不存在：{id}</source>
      <translation>No such conversation: {id}</translation>
    </message>
    <message>
      <source>未知的状态：{status}</source>
      <translation>Unknown status: {status}</translation>
    </message>
    <message>
      <source>未知的设备：{device}</source>
      <translation>Unknown device: {device}</translation>
    </message>
    <message>
      <source>只能结束自己接待的会话</source>
      <translation>You can only close conversations you are handling</translation>
    </message>
    <message>
      <source>该账号已冻结或删除，不能上线</source>
      <translation>This account is frozen or deleted and cannot go online</translation>
    </message>
    <message>
      <source>溢出分组不存在或已删除</source>
      <translation>The overflow group does not exist or was deleted</translation>
    </message>
    <message>
      <source>分组不存在或已删除</source>
      <translation>The group does not exist or was deleted</translation>
    </message>
    <message>
      <source>预设分组和默认分组不能删除</source>
      <translation>Preset groups and the default group cannot be deleted</translation>
    </message>
    <message>
      <source>该账号已冻结或删除，不能参与分流</source>
      <translation>This account is frozen or deleted and cannot take routed conversations</translation>
    </message>
    <message>
      <source>主账号不参与分流；可以把它设为代理账号</source>
      <translation>The main account takes no routed conversations; you can make it the proxy account</translation>
    </message>
    <message>
      <source>该账号不在任何分组里</source>
      <translation>This account is in no group</translation>
    </message>
    <message>
      <source>规则指向的分组不存在或已删除</source>
      <translation>The rule points at a group that does not exist or was deleted</translation>
    </message>
    <message>
      <source>规则不存在或已删除</source>
      <translation>The rule does not exist or was deleted</translation>
    </message>
    <message>
      <source>未知的分流方式：{mode}</source>
      <translation>Unknown routing mode: {mode}</translation>
    </message>
    <message>
      <source>接待上限不能超过 {n}</source>
      <translation>Capacity cannot be more than {n}</translation>
    </message>
    <message>
      <source>权重不能超过 {n}</source>
      <translation>Weight cannot be more than {n}</translation>
    </message>
    <message>
      <source>未知的规则类型：{kind}</source>
      <translation>Unknown rule type: {kind}</translation>
    </message>
    <message>
      <source>{agent}不可接待 → 转交{target}</source>
      <translation>{agent} unavailable → handed over to {target}</translation>
    </message>
    <message>
      <source>离线自动回复不能超过 500 个字</source>
      <translation>The offline auto-reply cannot be longer than 500 characters</translation>
    </message>
    <message>
      <source>熟客时间窗必须在 0 到 2160 小时之间</source>
      <translation>The returning-buyer window must be between 0 and 2160 hours</translation>
    </message>
    <message>
      <source>分组“{name}”已存在</source>
      <translation>A group named “{name}” already exists</translation>
    </message>
    <message>
      <source>溢出分组不能是它自己</source>
      <translation>A group cannot overflow into itself</translation>
    </message>
    <message>
      <source>备用客服已冻结或删除，不能设为备用客服</source>
      <translation>This agent is frozen or deleted and cannot be the backup agent</translation>
    </message>
    <message>
      <source>分组“{name}”里还有客服，请先把他们移到其他分组</source>
      <translation>Group “{name}” still has agents; move them to another group first</translation>
    </message>
    <message>
      <source>还有 {n} 条接待范围规则指向分组“{name}”，请先修改或删除它们</source>
      <translation>{n} entry rule(s) still point at group “{name}”; change or delete them first</translation>
    </message>
    <message>
      <source>代理账号已冻结或删除，请选择一个正常的账号</source>
      <translation>The proxy account is frozen or deleted; choose an active account</translation>
    </message>
    <message>
      <source>{agent}不可接待，重新分流</source>
      <translation>{agent} unavailable, routed again</translation>
    </message>
    <message>
      <source>指定联系{agent}</source>
      <translation>direct contact for {agent}</translation>
    </message>
    <message>
      <source>熟客，上次由{agent}接待</source>
      <translation>returning buyer, last served by {agent}</translation>
    </message>
    <message>
      <source>无客服在线</source>
      <translation>no agent online</translation>
    </message>
    <message>
      <source>平均分配</source>
      <translation>Balanced</translation>
    </message>
    <message>
      <source>按权重</source>
      <translation>Weighted</translation>
    </message>
    <message>
      <source>按顺序</source>
      <translation>Ordered</translation>
    </message>
    <message>
      <source>人群</source>
      <translation>buyer tag</translation>
    </message>
    <message>
      <source>商品</source>
      <translation>product</translation>
    </message>
    <message>
      <source>关键词</source>
      <translation>keyword</translation>
    </message>
    <message>
      <source>订单状态</source>
      <translation>order status</translation>
    </message>
    <message>
      <source>{group}组</source>
      <translation>{group} group</translation>
    </message>
    <message>
      <source>全员挂起，平均分配</source>
      <translation>everyone suspended, shared evenly</translation>
    </message>
    <message>
      <source>默认分组</source>
      <translation>default group</translation>
    </message>
    <message>
      <source>全员满载</source>
      <translation>everyone at capacity</translation>
    </message>
    <message>
      <source>代理账号{agent}</source>
      <translation>proxy account {agent}</translation>
    </message>
    <message>
      <source>已满，溢出</source>
      <translation>full, overflow</translation>
    </message>
    <message>
      <source>排队出队</source>
      <translation>from the queue</translation>
    </message>
    <message>
      <source>{agent}不在线</source>
      <translation>{agent} is offline</translation>
    </message>
    <message>
      <source>没有分组</source>
      <translation>no groups</translation>
    </message>
    <message>
      <source>无人在线，转</source>
      <translation>nobody online, moved</translation>
    </message>
    <message>
      <source>人群“{tag}”</source>
      <translation>buyer tag “{tag}”</translation>
    </message>
    <message>
      <source>商品“{product}”</source>
      <translation>product “{product}”</translation>
    </message>
    <message>
      <source>关键词“{keyword}”</source>
      <translation>keyword “{keyword}”</translation>
    </message>
    <message>
      <source>订单状态“{status}”</source>
      <translation>order status “{status}”</translation>
    </message>
    <message>
      <source>{agent}挂起</source>
      <translation>{agent} is suspended</translation>
    </message>
    <message>
      <source>{agent}已满 ({load}/{capacity})</source>
      <translation>{agent} is full ({load}/{capacity})</translation>
    </message>
    <message>
      <source>离线分流：备用客服</source>
      <translation>offline routing: backup agent</translation>
    </message>
    <message>
      <source>离线分流</source>
      <translation>offline routing</translation>
    </message>
    <message>
      <source>排队第{n}位</source>
      <translation>queued, position {n}</translation>
    </message>
    <message>
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <source>分组与客服</source>
      <translation>Groups and agents</translation>
    </message>
    <message>
      <source>接待范围</source>
      <translation>Entry rules</translation>
    </message>
    <message>
      <source>代理与离线</source>
      <translation>Proxy and offline</translation>
    </message>
    <message>
      <source>分流记录</source>
      <translation>Routing log</translation>
    </message>
    <message>
      <source>新建分组</source>
      <translation>New group</translation>
    </message>
    <message>
      <source>删除分组</source>
      <translation>Delete group</translation>
    </message>
    <message>
      <source>组内客服都满载时，新会话先交给这个分组；不溢出则排队等待</source>
      <translation>When every agent of the group is at capacity, new conversations go to this group; without overflow they queue</translation>
    </message>
    <message>
      <source>买家找的客服离线时，消息交给谁</source>
      <translation>Who gets the message when the agent a buyer looks for is offline</translation>
    </message>
    <message>
      <source>保存分组</source>
      <translation>Save group</translation>
    </message>
    <message>
      <source>按顺序分配时，数字小的先接待</source>
      <translation>In ordered mode, lower numbers are served first</translation>
    </message>
    <message>
      <source>保存客服</source>
      <translation>Save agent</translation>
    </message>
    <message>
      <source>移出分流</source>
      <translation>Remove from routing</translation>
    </message>
    <message>
      <source>按优先级匹配：人群 &gt; 商品 &gt; 关键词 &gt; 订单状态；都不匹配时进入默认分组。多个词用逗号分开。</source>
      <translation>Matched in priority order: buyer tag &gt; product &gt; keyword &gt; order status; when nothing matches, the default group. Separate several words with commas.</translation>
    </message>
    <message>
      <source>例如：退款,退货</source>
      <translation>e.g. refund, return (the words buyers type)</translation>
    </message>
    <message>
      <source>添加规则</source>
      <translation>Add rule</translation>
    </message>
    <message>
      <source>启用/停用</source>
      <translation>Enable/disable</translation>
    </message>
    <message>
      <source>删除规则</source>
      <translation>Delete rule</translation>
    </message>
    <message>
      <source>代理账号（无客服在线时接待）</source>
      <translation>Proxy account (serves buyers when no agent is online)</translation>
    </message>
    <message>
      <source>手机分流：只在手机上登录的客服也接待</source>
      <translation>Mobile routing: agents signed in only on a phone also receive conversations</translation>
    </message>
    <message>
      <source> 小时</source>
      <translation> h</translation>
    </message>
    <message>
      <source>熟客回到上次的客服（时间窗）</source>
      <translation>Returning buyers go back to their last agent within</translation>
    </message>
    <message>
      <source>无客服在线时自动发给买家</source>
      <translation>Sent to the buyer automatically when no agent is online</translation>
    </message>
    <message>
      <source>离线自动回复</source>
      <translation>Offline auto-reply</translation>
    </message>
    <message>
      <source>离线分流：买家找的客服不在线时，先交给该分组的备用客服（在“分组与客服”里设置），否则交给同组在线的客服。</source>
      <translation>Offline routing: when the agent a buyer looks for is offline, the message goes to the group’s backup agent (set under “Groups and agents”), else to an online agent of the same group.</translation>
    </message>
    <message>
      <source>保存设置</source>
      <translation>Save settings</translation>
    </message>
    <message>
      <source>搜索买家、客服或原因</source>
      <translation>Search buyer, agent or reason</translation>
    </message>
    <message>
      <source>试一试</source>
      <translation>Try it</translation>
    </message>
    <message>
      <source>输入一条买家消息，看看会分给谁、为什么。不会产生真实会话。</source>
      <translation>Type a buyer message to see who would get it and why. No real conversation is created.</translation>
    </message>
    <message>
      <source>买家消息，例如：我要退款</source>
      <translation>Message, e.g. I want a refund</translation>
    </message>
    <message>
      <source>进店商品或页面</source>
      <translation>Entry product or page</translation>
    </message>
    <message>
      <source>买家标签，如：VIP</source>
      <translation>Buyer tags, e.g. VIP</translation>
    </message>
    <message>
      <source>订单状态，如：售后中</source>
      <translation>Order status, e.g. after-sales</translation>
    </message>
    <message>
      <source>买家昵称（判断熟客）</source>
      <translation>Buyer nick (returning buyers)</translation>
    </message>
    <message>
      <source>看看分给谁</source>
      <translation>Who gets it?</translation>
    </message>
    <message>
      <source>分组名称</source>
      <translation>Group name</translation>
    </message>
    <message>
      <source>计算中…</source>
      <translation>Working…</translation>
    </message>
    <message>
      <source>分流方式</source>
      <translation>Mode</translation>
    </message>
    <message>
      <source>满载溢出到</source>
      <translation>Overflow when full to</translation>
    </message>
    <message>
      <source>离线备用客服</source>
      <translation>Offline backup agent</translation>
    </message>
    <message>
      <source>权重</source>
      <translation>Weight</translation>
    </message>
    <message>
      <source>接待上限</source>
      <translation>Capacity</translation>
    </message>
    <message>
      <source>顺序</source>
      <translation>Order</translation>
    </message>
    <message>
      <source>分到</source>
      <translation>Route to</translation>
    </message>
    <message>
      <source>● 店铺亮灯</source>
      <translation>● Shop light on</translation>
    </message>
    <message>
      <source>○ 店铺灰灯（无客服在线）</source>
      <translation>○ Shop light off (no agent online)</translation>
    </message>
    <message>
      <source>排队</source>
      <translation>Queued</translation>
    </message>
    <message>
      <source>亮灯</source>
      <translation>Light</translation>
    </message>
    <message>
      <source>溢出到</source>
      <translation>Overflow to</translation>
    </message>
    <message>
      <source>备用客服</source>
      <translation>Backup agent</translation>
    </message>
    <message>
      <source>设备</source>
      <translation>Device</translation>
    </message>
    <message>
      <source>接待中/上限</source>
      <translation>Load/capacity</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>启用</source>
      <translation>Enabled</translation>
    </message>
    <message>
      <source>原因</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>排队 {n} 人</source>
      <translation>{n} queued</translation>
    </message>
    <message>
      <source>{group}的客服</source>
      <translation>Agents of {group}</translation>
    </message>
    <message>
      <source>确定删除分组“{name}”吗？</source>
      <translation>Delete group “{name}”?</translation>
    </message>
    <message>
      <source>分给 {agent}（{group}）</source>
      <translation>To {agent} ({group})</translation>
    </message>
    <message>
      <source>进入{group}排队，第 {n} 位</source>
      <translation>Queued in {group}, position {n}</translation>
    </message>
    <message>
      <source>交给代理账号 {agent}</source>
      <translation>To the proxy account {agent}</translation>
    </message>
    <message>
      <source>不溢出</source>
      <translation>No overflow</translation>
    </message>
    <message>
      <source>同组在线客服</source>
      <translation>Online agent of the group</translation>
    </message>
    <message>
      <source>不指定客服</source>
      <translation>No direct contact</translation>
    </message>
    <message>
      <source>自动回复：{text}</source>
      <translation>Auto-reply: {text}</translation>
    </message>
    <message>
      <source>手机</source>
      <translation>Mobile</translation>
    </message>
    <message>
      <source>电脑</source>
      <translation>Desktop</translation>
    </message>
    <message>
      <source>指定联系：{name}</source>
      <translation>Direct contact: {name}</translation>
    </message>
    <message>
      <source>{name}（主账号）</source>
      <translation>{name} (main account)</translation>
    </message>
    <message>
      <source>售后</source>
      <translation>After-sales</translation>
    </message>
    <message>
      <source>售前</source>
      <translation>Pre-sales</translation>
    </message>
    <message>
      <source>分组名称“{name}”与分组“{other}”相同（在另一种语言里），请换一个名称</source>
      <translation>The group name "{name}" reads the same as the group "{other}" in another language; choose another name</translation>
    </message>
    <message>
      <source>没有改动。</source>
      <translation>Nothing changed.</translation>
    </message>
    <message>
      <source>在上面的表格里选一个客服，再修改他的分流设置。</source>
      <translation>Select an agent in the table above to change their routing settings.</translation>
    </message>
    <message>
      <source>关闭“参与分流”只停止分配新会话，{n} 个正在接待的会话不动；要转走请点“转走当前会话”。</source>
      <translation>Turning "Takes routed conversations" off stops new conversations only; the {n} in hand stay. To move them, click "Move current conversations".</translation>
    </message>
    <message>
      <source>关闭后不再分配新会话；已在接待的会话不动</source>
      <translation>Off: no new conversations; the ones in hand stay</translation>
    </message>
    <message>
      <source>转走当前会话</source>
      <translation>Move current conversations</translation>
    </message>
    <message>
      <source>把这个客服正在接待的会话重新分流给其他客服</source>
      <translation>Route this agent's open conversations to other agents</translation>
    </message>
    <message>
      <source>添加客服</source>
      <translation>Add agent</translation>
    </message>
    <message>
      <source>加入本组</source>
      <translation>Add to this group</translation>
    </message>
  </context>
</TS>
