<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>adfilter</name>
    <message>
      <source>广告过滤</source>
      <translation>Ad filter</translation>
    </message>
    <message>
      <source>逐行判断消息是否为广告：每行输出 1（广告）或 0</source>
      <translation>Classify messages line by line: print 1 (ad) or 0 for each line</translation>
    </message>
    <message>
      <source>每行一条消息的 UTF-8 文本文件（省略则读标准输入）</source>
      <translation>UTF-8 text file with one message per line (standard input if omitted)</translation>
    </message>
    <message>
      <source>{source} 不是 UTF-8 文本（第 {offset} 字节无法解码）。</source>
      <translation>{source} is not UTF-8 text (byte {offset} cannot be decoded).</translation>
    </message>
    <message>
      <source>标准输入</source>
      <translation>standard input</translation>
    </message>
    <message>
      <source>找不到文件 {path}。</source>
      <translation>File not found: {path}.</translation>
    </message>
    <message>
      <source>{path} 是目录，不是文件。</source>
      <translation>{path} is a directory, not a file.</translation>
    </message>
    <message>
      <source>无法读取文件 {path}：{error}</source>
      <translation>Cannot read file {path}: {error}</translation>
    </message>
    <message>
      <source>广告：引导添加微信/QQ</source>
      <translation>Ad: asks you to add a WeChat/QQ contact</translation>
    </message>
    <message>
      <source>广告：刷单/兼职</source>
      <translation>Ad: fake orders / part-time job scam</translation>
    </message>
    <message>
      <source>广告：贷款/金融</source>
      <translation>Ad: loans / finance</translation>
    </message>
    <message>
      <source>广告：赌博</source>
      <translation>Ad: gambling</translation>
    </message>
    <message>
      <source>广告：可疑链接</source>
      <translation>Ad: suspicious link</translation>
    </message>
    <message>
      <source>广告：伪基站短信</source>
      <translation>Ad: fake base station SMS (impersonated bank/carrier/ETC notice)</translation>
    </message>
    <message>
      <source>广告：群发营销短信</source>
      <translation>Ad: bulk marketing SMS</translation>
    </message>
    <message>
      <source>广告：推广其他商家</source>
      <translation>Ad: promotes another business</translation>
    </message>
    <message>
      <source>广告：索要汇款的银行账号</source>
      <translation>Ad: bank account for a money transfer (likely scam)</translation>
    </message>
    <message>
      <source>广告：模型判定（置信度 {score:.2f}）</source>
      <translation>Ad: model verdict (confidence {score:.2f})</translation>
    </message>
  </context>
</TS>
