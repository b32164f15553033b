<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <source>Acknowledge alarm</source>
        <translation>确认告警</translation>
    </message>
    <message>
        <source>{subsystem} is down</source>
        <translation>{subsystem}故障</translation>
    </message>
    <message>
        <source>First failed check:</source>
        <translation>首次检查失败：</translation>
    </message>
    <message>
        <source>Detected:</source>
        <translation>发现时间：</translation>
    </message>
    <message>
        <source>Detail:</source>
        <translation>详情：</translation>
    </message>
    <message>
        <source>Both your name and a reason are required. An acknowledged alarm stops repeating its reminder and clears itself when the subsystem recovers.</source>
        <translation>姓名和原因都必须填写。确认后该告警不再重复提醒，子系统恢复后告警自动清除。</translation>
    </message>
    <message>
        <source>Engineer:</source>
        <translation>工程师：</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>for example: vendor called, restart under way</source>
        <translation>例如：已电话通知厂商，正在重启服务</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Still missing: {fields}</source>
        <translation>尚未填写：{fields}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>AlarmCenter</name>
    <message>
        <source>Unmute</source>
        <translation>取消静音</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>The alarm sound is off; tray messages and the alarm panel still show alarms</source>
        <translation>告警声音已关闭；托盘消息和告警面板仍会显示告警</translation>
    </message>
    <message>
        <source>Silence the alarm sound; tray messages and the alarm panel still show alarms</source>
        <translation>关闭告警声音；托盘消息和告警面板仍会显示告警</translation>
    </message>
    <message>
        <source>The alarm was not acknowledged: {error}</source>
        <translation>告警未能确认：{error}</translation>
    </message>
    <message>
        <source>No incident was created: the Emergency response area is not available.</source>
        <translation>未生成事件：“应急处置”区域不可用。</translation>
    </message>
    <message>
        <source>No incident was created: subsystem {id} is not in the catalog.</source>
        <translation>未生成事件：子系统 {id} 不在服务目录中。</translation>
    </message>
    <message>
        <source>No incident was created: {error}</source>
        <translation>未生成事件：{error}</translation>
    </message>
</context>
<context>
    <name>AlarmNotifier</name>
    <message>
        <source>ETC operations console</source>
        <translation>ETC 驻场运维控制台</translation>
    </message>
    <message>
        <source>{subsystem} {state}</source>
        <translation>{subsystem}{state}</translation>
    </message>
    <message>
        <source>Still not acknowledged: {title}</source>
        <translation>仍未确认：{title}</translation>
    </message>
    <message>
        <source>Down again (flapping): {title}</source>
        <translation>再次故障（频繁波动）：{title}</translation>
    </message>
</context>
<context>
    <name>AlarmPanel</name>
    <message>
        <source>Acknowledge alarm</source>
        <translation>确认告警</translation>
    </message>
    <message>
        <source>Record who handles the selected alarm and why; it then stops repeating</source>
        <translation>记录由谁处理所选告警及原因；确认后不再重复提醒</translation>
    </message>
    <message>
        <source>Draft incident</source>
        <translation>生成事件草稿</translation>
    </message>
    <message>
        <source>Create an incident from the selected alarm and open it under Emergency response</source>
        <translation>根据所选告警创建事件，并在“应急处置”中打开</translation>
    </message>
    <message>
        <source>No active alarms</source>
        <translation>当前无故障告警</translation>
    </message>
    <message>
        <source>Active alarms: {count} ({unacknowledged} not acknowledged)</source>
        <translation>当前故障告警 {count} 条（{unacknowledged} 条未确认）</translation>
    </message>
    <message>
        <source>{time} {title}: {message}</source>
        <translation>{time} {title}：{message}</translation>
    </message>
    <message>
        <source>{subsystem} recovered at {time} after {duration}</source>
        <translation>{subsystem}于 {time} 恢复（故障持续 {duration}）</translation>
    </message>
    <message>
        <source>Recently cleared: {alarms}</source>
        <translation>最近恢复：{alarms}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>AlarmTable</name>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Not acknowledged</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Flapping</source>
        <translation>频繁波动</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}：{reason}</translation>
    </message>
    <message>
        <source>Subsystem</source>
        <translation>子系统</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>First failed check</source>
        <translation>首次检查失败</translation>
    </message>
    <message>
        <source>Detected</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Down for</source>
        <translation>已持续</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>确认人及原因</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Acknowledged at {time}</source>
        <translation>确认于 {time}</translation>
    </message>
</context>
<context>
    <name>AmendDialog</name>
    <message>
        <source>Amend: %1</source>
        <translation>更正：%1</translation>
    </message>
    <message>
        <source>Why the recorded answer was wrong (required)</source>
        <translation>原记录错误的原因（必填）</translation>
    </message>
    <message>
        <source>Was:</source>
        <translation>原记录：</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>记录值：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>更正原因：</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Enter the corrected answer.</source>
        <translation>请填写更正后的结果。</translation>
    </message>
    <message>
        <source>An abnormal result needs a note.</source>
        <translation>异常项须填写说明。</translation>
    </message>
    <message>
        <source>Give the reason for the amendment.</source>
        <translation>请填写更正原因。</translation>
    </message>
</context>
<context>
    <name>AvailabilityChart</name>
    <message>
        <source>Availability (%)</source>
        <translation>可用率 (%)</translation>
    </message>
    <message>
        <source>Day of month</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>AvailabilityPanel</name>
    <message>
        <source>{year}-{month:02d}</source>
        <translation>{year} 年 {month} 月</translation>
    </message>
    <message>
        <source>{month} (this month)</source>
        <translation>{month}（本月）</translation>
    </message>
    <message>
        <source>Loading availability…</source>
        <translation>正在读取可用率…</translation>
    </message>
    <message>
        <source>Reading the availability failed: {error}</source>
        <translation>读取可用率失败：{error}</translation>
    </message>
    <message>
        <source>{month}: nothing observed</source>
        <translation>{month}：无观测数据</translation>
    </message>
    <message>
        <source>{month}: availability {ratio}, down {down} min, maintenance {maintenance} min, observed {observed} h</source>
        <translation>{month}：可用率 {ratio}，故障 {down} 分钟，维护 {maintenance} 分钟，观测 {observed} 小时</translation>
    </message>
</context>
<context>
    <name>CenterBox</name>
    <message>
        <source>Center</source>
        <translation>同步中心</translation>
    </message>
    <message>
        <source>Center database:</source>
        <translation>中心数据库：</translation>
    </message>
    <message>
        <source>This console:</source>
        <translation>本机名称：</translation>
    </message>
    <message>
        <source>Device ID:</source>
        <translation>本机编号：</translation>
    </message>
    <message>
        <source>Name from:</source>
        <translation>名称来源：</translation>
    </message>
    <message>
        <source>Automatic sync:</source>
        <translation>自动同步：</translation>
    </message>
    <message>
        <source>Not assigned yet; the first saved record or sync assigns it</source>
        <translation>尚未生成，首次保存记录或同步时生成</translation>
    </message>
    <message>
        <source>Site file, [sync] device_name</source>
        <translation>现场配置文件（[sync] device_name）</translation>
    </message>
    <message>
        <source>Every console that uses this site file shows this name. The device ID below tells them apart.</source>
        <translation>使用同一现场配置文件的控制台都显示这个名称，请以下方的本机编号区分。</translation>
    </message>
    <message>
        <source>Host name (the site file sets no [sync] device_name)</source>
        <translation>主机名（现场配置文件未设置 [sync] device_name）</translation>
    </message>
    <message>
        <source>Set device_name in the [sync] table of the site file to give this console another name.</source>
        <translation>如需更改本机名称，请在现场配置文件的 [sync] 表中设置 device_name。</translation>
    </message>
    <message numerus="yes">
        <source>Every %n hour(s)</source>
        <translation>
            <numerusform>每 %n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every %n minute(s)</source>
        <translation>
            <numerusform>每 %n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every %n second(s)</source>
        <translation>
            <numerusform>每 %n 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChangesTableModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Probe</source>
        <translation>探针</translation>
    </message>
    <message>
        <source>(whole subsystem)</source>
        <translation>（整个子系统）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>原状态</translation>
    </message>
    <message>
        <source>To</source>
        <translation>新状态</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>ConflictBox</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Found by the center at %1.</source>
        <translation>中心于 %1 发现此冲突。</translation>
    </message>
    <message>
        <source>Both changed revision %1.</source>
        <translation>双方都是在内部版本号 %1 的基础上修改的。</translation>
    </message>
    <message>
        <source>Record ID: %1</source>
        <translation>记录编号：%1</translation>
    </message>
    <message>
        <source>%1: the version the center uses now</source>
        <translation>%1：中心当前采用的版本</translation>
    </message>
    <message>
        <source>%1: the change not applied</source>
        <translation>%1：未被采用的修改</translation>
    </message>
    <message>
        <source>Revision %1 of the record</source>
        <translation>记录的内部版本号：%1</translation>
    </message>
    <message>
        <source>Save choices</source>
        <translation>保存选择</translation>
    </message>
    <message>
        <source>The two versions differ from character %1 on (highlighted).</source>
        <translation>两个版本从第 %1 个字起不同（已高亮标出）。</translation>
    </message>
    <message numerus="yes">
        <source>Choose a value for %n more field(s).</source>
        <translation>
            <numerusform>还有 %n 个字段未选择。</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter your name above to save.</source>
        <translation>请先在上方填写处理人姓名再保存。</translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation>已全部选择，可以保存。</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Sync conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <source>Two consoles changed the same field of a record while offline. For each field, choose the value to keep. The choice is saved as a new change and sent to the center and to the other consoles.</source>
        <translation>两台设备在离线时修改了同一条记录的同一字段。请逐个字段选择要保留的值。保存后，所选的值作为一次新的修改，同步到中心和其他设备。</translation>
    </message>
    <message>
        <source>Engineer:</source>
        <translation>处理人：</translation>
    </message>
    <message>
        <source>your name, recorded with the resolution</source>
        <translation>您的姓名，将随处理结果一起记录</translation>
    </message>
    <message>
        <source>The conflicts could not be read: %1</source>
        <translation>无法读取冲突：%1</translation>
    </message>
    <message>
        <source>Reading the conflicts…</source>
        <translation>正在读取冲突…</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) to resolve.</source>
        <translation>
            <numerusform>有 %n 个冲突待处理。</numerusform>
        </translation>
    </message>
    <message>
        <source>The console could not write this resolution. The conflict stays open; tell the administrator and give them the details below.</source>
        <translation>本机未能写入这次处理结果，冲突仍待处理。请联系管理员，并提供下方的详细信息。</translation>
    </message>
    <message>
        <source>Conflict ID: %1</source>
        <translation>冲突 ID：%1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Conflict not resolved</source>
        <translation>冲突未处理</translation>
    </message>
    <message>
        <source>The choices for %1 were not saved.</source>
        <translation>“%1”的选择未保存。</translation>
    </message>
</context>
<context>
    <name>ConflictTable</name>
    <message>
        <source>Record %1</source>
        <translation>记录 %1</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Contested fields</source>
        <translation>冲突字段</translation>
    </message>
    <message>
        <source>Version the center kept</source>
        <translation>中心采用的版本</translation>
    </message>
    <message>
        <source>Version not applied</source>
        <translation>未采用的版本</translation>
    </message>
    <message>
        <source>Found at</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Record ID: %1</source>
        <translation>记录编号：%1</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between field names</comment>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>ConflictsBox</name>
    <message>
        <source>Open conflicts</source>
        <translation>待处理的冲突</translation>
    </message>
    <message>
        <source>Resolve selected conflict…</source>
        <translation>处理所选冲突…</translation>
    </message>
    <message>
        <source>Open the conflict dialog at the selected conflict</source>
        <translation>打开冲突处理窗口并定位到所选冲突</translation>
    </message>
    <message>
        <source>The conflicts could not be read: %1</source>
        <translation>无法读取冲突：%1</translation>
    </message>
    <message>
        <source>Reading the conflicts…</source>
        <translation>正在读取冲突…</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) changed on two consoles. Select one and choose which values to keep.</source>
        <translation>
            <numerusform>%n 条记录在两台控制台上被修改。请选中一条，决定保留哪些值。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CurrentValue</name>
    <message>
        <source>Current %1 on this console (changed after the conflict):</source>
        <translation>本机当前的%1（冲突发生后已被修改）：</translation>
    </message>
    <message>
        <source>This field was changed after the conflict. Saving keeps the current value.</source>
        <translation>此字段在冲突后已被修改，保存时保留当前值。</translation>
    </message>
</context>
<context>
    <name>DailyAvailabilityModel</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>可用率</translation>
    </message>
    <message>
        <source>Down (min)</source>
        <translation>故障（分钟）</translation>
    </message>
    <message>
        <source>Maintenance (min)</source>
        <translation>维护（分钟）</translation>
    </message>
    <message>
        <source>Observed (h)</source>
        <translation>观测（小时）</translation>
    </message>
    <message>
        <source>No observed time: the state was unknown or maintenance all day</source>
        <translation>无观测时间：全天状态未知或处于维护中</translation>
    </message>
    <message>
        <source>Share of the observed time that was not down; maintenance is not counted</source>
        <translation>观测时间中未处于故障状态的比例；维护时间不计入</translation>
    </message>
</context>
<context>
    <name>EngineerDialog</name>
    <message>
        <source>Draft incident</source>
        <translation>生成事件草稿</translation>
    </message>
    <message>
        <source>Enter your name: the new incident records who created it.</source>
        <translation>请输入您的姓名：新事件会记录创建人。</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Create incident</source>
        <translation>创建事件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ErrorClass</name>
    <message>
        <source>Name not resolved</source>
        <translation>域名无法解析</translation>
    </message>
    <message>
        <source>Connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>Connect timed out</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>响应超时</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>连接失败</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS 握手失败</translation>
    </message>
    <message>
        <source>Certificate problem</source>
        <translation>证书问题</translation>
    </message>
    <message>
        <source>Unexpected HTTP status</source>
        <translation>HTTP 状态码异常</translation>
    </message>
    <message>
        <source>Unexpected content</source>
        <translation>响应内容异常</translation>
    </message>
    <message>
        <source>Protocol error</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <source>Configuration problem</source>
        <translation>配置问题</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>内部错误</translation>
    </message>
</context>
<context>
    <name>FaultsModel</name>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
</context>
<context>
    <name>FinesView</name>
    <message>
        <source>By month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>By contract quarter</source>
        <translation>按合同季度</translation>
    </message>
    <message>
        <source>%1 missed</source>
        <translation>超时 %1 次</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Charged (yuan)</source>
        <translation>已扣罚（元）</translation>
    </message>
    <message>
        <source>At risk (yuan)</source>
        <translation>可能扣罚（元）</translation>
    </message>
    <message>
        <source>No fines computed yet.</source>
        <translation>尚未计算扣罚。</translation>
    </message>
    <message>
        <source>Contract period: %1 yuan charged, %2 yuan at risk from running clocks.</source>
        <translation>合同期内：已扣罚 %1 元，计时中的事件可能再扣罚 %2 元。</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>{latency} ms</source>
        <translation>{latency} 毫秒</translation>
    </message>
</context>
<context>
    <name>HistoryPlot</name>
    <message>
        <source>Latency (ms)</source>
        <translation>响应时间（毫秒）</translation>
    </message>
    <message>
        <source>Time (Beijing time)</source>
        <translation>时间（北京时间）</translation>
    </message>
    <message>
        <source>Mean latency</source>
        <translation>平均响应时间</translation>
    </message>
    <message>
        <source>Min–max latency</source>
        <translation>最小–最大响应时间</translation>
    </message>
    <message>
        <source>Period with failed checks</source>
        <translation>有失败检查的时段</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Failed check</source>
        <translation>检查失败</translation>
    </message>
    <message>
        <source>{time}: check failed</source>
        <translation>{time}：检查失败</translation>
    </message>
    <message>
        <source>From {time}: {failures} of {checks} checks failed</source>
        <translation>{time} 起的时段：{checks} 次检查中 {failures} 次失败</translation>
    </message>
</context>
<context>
    <name>HistoryRange</name>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6 小时</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 天</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 天</translation>
    </message>
    <message>
        <source>1 year</source>
        <translation>1 年</translation>
    </message>
</context>
<context>
    <name>HostKeyConfirmDialog</name>
    <message>
        <source>Replace the SSH host key</source>
        <translation>替换 SSH 主机密钥</translation>
    </message>
    <message>
        <source>Replace host key</source>
        <translation>替换主机密钥</translation>
    </message>
    <message>
        <source>Accept the SSH host key</source>
        <translation>接受 SSH 主机密钥</translation>
    </message>
    <message>
        <source>Accept host key</source>
        <translation>接受主机密钥</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Compare the fingerprint below with the server&apos;s own before you go on. The server&apos;s administrator prints it by running this command on the server:</source>
        <translation>继续之前，请将下方指纹与服务器上的指纹逐字核对。服务器管理员在服务器上运行以下命令即可显示指纹：</translation>
    </message>
    <message>
        <source>The console will stop trusting the old key below. Replace it only when the administrator confirms that the server&apos;s host key was changed, for example because the server was reinstalled.</source>
        <translation>替换后，控制台将不再信任下方的旧密钥。只有在服务器管理员确认主机密钥确已更换（例如服务器已重装）时，才能替换。</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Key type:</source>
        <translation>密钥类型：</translation>
    </message>
    <message>
        <source>SHA256 fingerprint:</source>
        <translation>SHA256 指纹：</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>您的姓名：</translation>
    </message>
    <message>
        <source>Recorded in the audit file with the key</source>
        <translation>将与密钥一起记入审计文件</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>For example: server reinstalled, new key confirmed by its administrator</source>
        <translation>例如：服务器已重装，新密钥已由服务器管理员确认</translation>
    </message>
    <message>
        <source>I compared this fingerprint with the server&apos;s administrator and it matches</source>
        <translation>我已与服务器管理员核对此指纹，两者一致</translation>
    </message>
</context>
<context>
    <name>HostKeyPanel</name>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Key type:</source>
        <translation>密钥类型：</translation>
    </message>
    <message>
        <source>SHA256 fingerprint:</source>
        <translation>SHA256 指纹：</translation>
    </message>
    <message>
        <source>Trusted until now:</source>
        <translation>此前信任的密钥：</translation>
    </message>
    <message>
        <source>Accept host key</source>
        <translation>接受主机密钥</translation>
    </message>
    <message>
        <source>Replace host key</source>
        <translation>替换主机密钥</translation>
    </message>
    <message>
        <source>Fetch the key again</source>
        <translation>重新获取密钥</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <source>WARNING: the SSH host key of {name} has changed. Someone may be intercepting the connection (man-in-the-middle attack).</source>
        <translation>警告：{name} 的 SSH 主机密钥已改变！可能有人正在拦截连接（中间人攻击）。</translation>
    </message>
    <message>
        <source>The server presents a key other than the one the console trusts, so the probe {probe} did not log in. Replace the key only when the server&apos;s administrator confirms that the host key was changed (for example, the server was reinstalled) and the new fingerprint below matches the server&apos;s own.</source>
        <translation>服务器现在提供的主机密钥与控制台信任的不同，因此探针“{probe}”未登录。只有在服务器管理员确认主机密钥确已更换（例如服务器已重装），并且下方新指纹与服务器上的一致时，才能替换密钥。</translation>
    </message>
    <message>
        <source>The SSH host key of {name} is not trusted yet</source>
        <translation>{name} 的 SSH 主机密钥尚未受信任</translation>
    </message>
    <message>
        <source>No known_hosts file lists this server&apos;s key, so the probe {probe} did not log in. Ask the server&apos;s administrator to read you the fingerprint of the server&apos;s key, and accept the key only if it matches the one below exactly.</source>
        <translation>known_hosts 文件中没有这台服务器的主机密钥，因此探针“{probe}”未登录。请向服务器管理员索取服务器主机密钥的指纹，只有与下方指纹完全一致时才接受。</translation>
    </message>
    <message>
        <source>{key_type} {fingerprint} (in {file})</source>
        <translation>{key_type} {fingerprint}（位于 {file}）</translation>
    </message>
    <message>
        <source>Other servers of this subsystem with an untrusted host key, shown after this one: {count}</source>
        <translation>本子系统另有 {count} 台服务器的主机密钥未受信任，处理完这一台后依次显示</translation>
    </message>
    <message>
        <source>Fetching the host key from the server…</source>
        <translation>正在从服务器获取主机密钥…</translation>
    </message>
    <message>
        <source>The server now presents {fingerprint}, not the key the probe reported. Wait for the next check, then fetch the key again.</source>
        <translation>服务器现在提供的是 {fingerprint}，与探针报告的密钥不同。请等下一次检查后再重新获取密钥。</translation>
    </message>
    <message>
        <source>The console now trusts this key. The probe&apos;s next check should log in.</source>
        <translation>控制台现已信任此密钥，探针下一次检查应能登录。</translation>
    </message>
    <message>
        <source>Fetching the host key failed: {error}</source>
        <translation>获取主机密钥失败：{error}</translation>
    </message>
    <message>
        <source>The key changed while the dialog was open and was not saved. Check the new key.</source>
        <translation>对话框打开期间密钥发生了变化，因此未保存。请核对新的密钥。</translation>
    </message>
    <message>
        <source>Replacing the host key…</source>
        <translation>正在替换主机密钥…</translation>
    </message>
    <message>
        <source>Saving the host key…</source>
        <translation>正在保存主机密钥…</translation>
    </message>
    <message>
        <source>The key was saved to {file}. Checking the probes again…</source>
        <translation>密钥已保存到 {file}，正在重新检查探针…</translation>
    </message>
    <message>
        <source>Saving the host key failed: {error}</source>
        <translation>保存主机密钥失败：{error}</translation>
    </message>
</context>
<context>
    <name>IncidentEditor</name>
    <message>
        <source>Engineer:</source>
        <translation>工程师：</translation>
    </message>
    <message>
        <source>your name, stamped on every change</source>
        <translation>填写姓名，每项修改都会署名</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>事件信息</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <source>SLA clocks:</source>
        <translation>考核时限：</translation>
    </message>
    <message>
        <source>Times (Beijing time)</source>
        <translation>时间（北京时间）</translation>
    </message>
    <message>
        <source>Record response</source>
        <translation>记录响应</translation>
    </message>
    <message>
        <source>Record restore</source>
        <translation>记录恢复</translation>
    </message>
    <message>
        <source>Close incident</source>
        <translation>关闭事件</translation>
    </message>
    <message>
        <source>Handling and analysis</source>
        <translation>处理与分析</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>处理时间线</translation>
    </message>
    <message>
        <source>Export handling and analysis report…</source>
        <translation>导出处理分析报告…</translation>
    </message>
    <message>
        <source>Select an incident, or create one with New incident.</source>
        <translation>请在左侧列表选择事件，或点击“新建事件”。</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Enter…</source>
        <translation>填写…</translation>
    </message>
    <message>
        <source>Yes: restore within %1 h</source>
        <translation>是，须在%1小时内恢复</translation>
    </message>
    <message>
        <source>No: restore within %1 h</source>
        <translation>否，须在%1小时内恢复</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>%1 (entered by %2)</source>
        <translation>%1（录入人：%2）</translation>
    </message>
    <message>
        <source>No SLA clocks for these subsystems.</source>
        <translation>所涉系统不计考核时限。</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余%1</translation>
    </message>
    <message>
        <source>Engineer: enter your name first; every change carries it.</source>
        <translation>工程师：请先填写姓名，每项修改都会署名。</translation>
    </message>
    <message>
        <source>Nothing to save: the report fields are unchanged.</source>
        <translation>处理与分析内容没有改动，无需保存。</translation>
    </message>
    <message>
        <source>Not stored: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved at %1.</source>
        <translation>已于%1保存。</translation>
    </message>
    <message>
        <source>Export handling and analysis report</source>
        <translation>导出处理分析报告</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>报告已保存到 %1</translation>
    </message>
    <message>
        <source>The report was not written: %1</source>
        <translation>报告导出失败：%1</translation>
    </message>
</context>
<context>
    <name>IncidentFields</name>
    <message>
        <source>Title</source>
        <translation>事件标题</translation>
    </message>
    <message>
        <source>Subsystems</source>
        <translation>涉及系统</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>报障来源</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>事件等级</translation>
    </message>
    <message>
        <source>ETC business affected</source>
        <translation>影响ETC业务</translation>
    </message>
    <message>
        <source>Onset</source>
        <translation>故障发生时间</translation>
    </message>
    <message>
        <source>Detected</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>恢复时间</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭时间</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>故障现象</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>原因分析</translation>
    </message>
    <message>
        <source>Actions taken</source>
        <translation>处理措施</translation>
    </message>
    <message>
        <source>Prevention</source>
        <translation>预防措施</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>报告人</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Engineer</source>
        <translation>工程师</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>请填写%1。</translation>
    </message>
    <message>
        <source>%1 is not an editable field.</source>
        <translation>%1不可修改。</translation>
    </message>
    <message>
        <source>%1 is invalid: %2</source>
        <translation>%1无效：%2</translation>
    </message>
    <message>
        <source>%1 is too long: %2</source>
        <translation>%1过长：%2</translation>
    </message>
    <message>
        <source>%1 is out of order. Times must follow onset ≤ detection ≤ response and onset ≤ restore ≤ close.</source>
        <translation>%1与其他时间的先后顺序不符。须满足：故障发生 ≤ 发现 ≤ 响应，故障发生 ≤ 恢复 ≤ 关闭。</translation>
    </message>
    <message>
        <source>%1 lies in the future.</source>
        <translation>%1晚于当前时间。</translation>
    </message>
    <message>
        <source>%1 is already recorded. Enter a reason to correct it.</source>
        <translation>%1已记录，更正须填写原因。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>IncidentTableModel</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Fines (yuan)</source>
        <translation>扣罚（元）</translation>
    </message>
    <message>
        <source>%1, deadline %2</source>
        <translation>%1，时限 %2</translation>
    </message>
</context>
<context>
    <name>IncidentWords</name>
    <message>
        <source>Discover</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Respond</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>计时中</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Awaiting response</source>
        <translation>待响应</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>IncidentsPage</name>
    <message>
        <source>Runbook</source>
        <translation>处置预案</translation>
    </message>
    <message>
        <source>Fines</source>
        <translation>扣罚</translation>
    </message>
    <message>
        <source>Incident details</source>
        <translation>事件信息</translation>
    </message>
    <message>
        <source>New incident…</source>
        <translation>新建事件…</translation>
    </message>
</context>
<context>
    <name>KeyringBanner</name>
    <message>
        <source>No keyring is available: probes that need a password or key passphrase will stay Unknown.</source>
        <translation>没有可用的系统密钥环：需要密码或密钥口令的检查将保持“未知”。</translation>
    </message>
    <message>
        <source>To fix it, do one of these and restart the console: install and unlock a Secret Service (for example gnome-keyring, started with the desktop session or with `gnome-keyring-daemon --unlock`); or install the keyrings.alt package and set PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring; or run only probes that need no secret. The other probes keep running.</source>
        <translation>修复方法（任选其一，然后重启控制台）：安装并解锁 Secret Service（例如 gnome-keyring，随桌面会话启动，或运行 gnome-keyring-daemon --unlock 命令）；或安装 keyrings.alt 软件包并设置 PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring；或只运行不需要密码的检查。其他检查照常运行。</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>知道了</translation>
    </message>
</context>
<context>
    <name>LoadingPage</name>
    <message>
        <source>Opening the local store and starting the checks…</source>
        <translation>正在打开本地数据库并启动检查…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ETC operations console</source>
        <translation>ETC 驻场运维控制台</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <source>Run every probe now (F5)</source>
        <translation>立即运行全部探针 (F5)</translation>
    </message>
    <message>
        <source>Maintenance window…</source>
        <translation>维护窗口…</translation>
    </message>
    <message>
        <source>Put a subsystem under maintenance for a while: no alarms</source>
        <translation>将某个子系统设为一段时间的维护状态：期间不告警</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Site file invalid: {file}</source>
        <translation>站点配置无效：{file}</translation>
    </message>
    <message>
        <source>Training lab</source>
        <translation>培训实验室</translation>
    </message>
    <message>
        <source>Site: {name}</source>
        <translation>站点：{name}</translation>
    </message>
    <message>
        <source>No checks are running</source>
        <translation>未运行任何检查</translation>
    </message>
    <message>
        <source>Waiting for the first round…</source>
        <translation>正在等待第一轮检查…</translation>
    </message>
    <message>
        <source>Last round: {time}</source>
        <translation>最近一轮检查：{time}</translation>
    </message>
</context>
<context>
    <name>MaintenanceDialog</name>
    <message>
        <source>Maintenance window</source>
        <translation>维护窗口</translation>
    </message>
    <message>
        <source>e.g. database upgrade approved by the province center</source>
        <translation>例如：省中心批准的数据库升级</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Subsystem:</source>
        <translation>子系统：</translation>
    </message>
    <message>
        <source>From (Beijing time):</source>
        <translation>开始（北京时间）：</translation>
    </message>
    <message>
        <source>Until (Beijing time):</source>
        <translation>结束（北京时间）：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Engineer:</source>
        <translation>工程师：</translation>
    </message>
    <message>
        <source>During the window the subsystem shows Maintenance and raises no alarm; its checks go on and are kept.</source>
        <translation>维护期间该子系统显示为“维护”，不产生告警；检查照常进行并保存结果。</translation>
    </message>
    <message>
        <source>Reason: enter why the subsystem is under maintenance.</source>
        <translation>原因：请填写维护原因。</translation>
    </message>
    <message>
        <source>Engineer: enter your name.</source>
        <translation>工程师：请填写您的姓名。</translation>
    </message>
    <message>
        <source>Until: the end must be after the start.</source>
        <translation>结束：结束时间必须晚于开始时间。</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Status overview</source>
        <translation>状态总览</translation>
    </message>
    <message>
        <source>Daily inspection</source>
        <translation>日常巡检</translation>
    </message>
    <message>
        <source>Emergency response</source>
        <translation>应急处置</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>事件记录</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Training lab</source>
        <translation>培训实验室</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>NewIncidentDialog</name>
    <message>
        <source>New incident</source>
        <translation>新建事件</translation>
    </message>
    <message>
        <source>Subsystems:</source>
        <translation>涉及系统：</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>报障来源：</translation>
    </message>
    <message>
        <source>Onset (Beijing time):</source>
        <translation>故障发生时间（北京时间）：</translation>
    </message>
    <message>
        <source>Detected (Beijing time):</source>
        <translation>发现时间（北京时间）：</translation>
    </message>
    <message>
        <source>ETC business:</source>
        <translation>ETC业务：</translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation>事件等级：</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>事件标题：</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>故障现象：</translation>
    </message>
    <message>
        <source>Reporter:</source>
        <translation>报告人：</translation>
    </message>
    <message>
        <source>Affected: restore within %1 h (otherwise %2 h)</source>
        <translation>影响ETC业务（须在%1小时内恢复；不影响为%2小时）</translation>
    </message>
    <message>
        <source>Choose how the fault was reported</source>
        <translation>请选择报障来源</translation>
    </message>
    <message>
        <source>What fails, where, for whom</source>
        <translation>哪个系统、什么故障、影响哪些用户</translation>
    </message>
    <message>
        <source>What users and the monitoring see</source>
        <translation>用户反映和监测看到的现象</translation>
    </message>
    <message>
        <source>Your name (required)</source>
        <translation>本人姓名（必填）</translation>
    </message>
    <message>
        <source>Create incident</source>
        <translation>创建事件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Subsystems: check at least one affected subsystem.</source>
        <translation>涉及系统：请至少勾选一个受影响的系统。</translation>
    </message>
    <message>
        <source>Source: choose how the fault was reported.</source>
        <translation>报障来源：请选择故障是通过什么渠道报来的。</translation>
    </message>
    <message>
        <source>Title: enter a short title.</source>
        <translation>事件标题：请填写简短的标题。</translation>
    </message>
    <message>
        <source>Reporter: enter your name; the incident and its timeline carry it.</source>
        <translation>报告人：请填写姓名，事件及其时间线都会记录。</translation>
    </message>
    <message>
        <source>Detected: the detection time is before the onset.</source>
        <translation>发现时间：发现时间早于故障发生时间。</translation>
    </message>
</context>
<context>
    <name>PatrolForm</name>
    <message>
        <source>Engineer: %1</source>
        <translation>巡检人：%1</translation>
    </message>
    <message>
        <source>Reviewer: %1</source>
        <translation>复核人：%1</translation>
    </message>
    <message>
        <source>Submitted at %1; the record is locked.</source>
        <translation>已于 %1 提交，记录已锁定。</translation>
    </message>
    <message>
        <source>Normal %1  Warning %2  Abnormal %3  Open %4  To confirm %5</source>
        <translation>正常 %1  告警 %2  异常 %3  未填 %4  待确认 %5</translation>
    </message>
    <message>
        <source>Refresh checks</source>
        <translation>刷新探针检查</translation>
    </message>
    <message>
        <source>Run the probes that answer items of this checklist now and pre-fill their answers</source>
        <translation>立即运行本巡检表相关的探针，并预填结果</translation>
    </message>
    <message>
        <source>Confirm pre-filled</source>
        <translation>确认探针预填</translation>
    </message>
    <message>
        <source>Attach file…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <source>Open incident…</source>
        <translation>登记事件…</translation>
    </message>
    <message>
        <source>Submit…</source>
        <translation>提交…</translation>
    </message>
    <message>
        <source>Amend…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Running the probes…</source>
        <translation>正在运行探针…</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) pre-filled from the probes.</source>
        <translation>
            <numerusform>已根据探测结果预填 %n 项。</numerusform>
        </translation>
    </message>
    <message>
        <source>The probes could not be run: %1</source>
        <translation>探针无法运行：%1</translation>
    </message>
    <message>
        <source>Select the item the file belongs to.</source>
        <translation>请先选中附件所属的检查项。</translation>
    </message>
    <message>
        <source>Attach evidence</source>
        <translation>添加证据附件</translation>
    </message>
    <message>
        <source>Not attached: %1</source>
        <translation>附件未添加：%1</translation>
    </message>
    <message>
        <source>Attached to %1.</source>
        <translation>已添加到：%1。</translation>
    </message>
    <message>
        <source>Only an abnormal or warning answer opens an incident.</source>
        <translation>只有异常或告警项才能登记事件。</translation>
    </message>
    <message>
        <source>Select the item to amend.</source>
        <translation>请先选中要更正的检查项。</translation>
    </message>
    <message>
        <source>Amendment not saved</source>
        <translation>更正未保存</translation>
    </message>
</context>
<context>
    <name>PatrolFormModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查内容</translation>
    </message>
    <message>
        <source>Normal value</source>
        <translation>正常标准</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>记录值</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Evidence time</source>
        <translation>证据时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>An abnormal result needs a note before the patrol can be submitted.</source>
        <translation>异常项须填写说明后才能提交。</translation>
    </message>
    <message>
        <source>%1 is not a number; enter digits such as 85 or 85.5</source>
        <translation>“%1”不是数字，请输入数字，如 85 或 85.5</translation>
    </message>
</context>
<context>
    <name>PatrolPage</name>
    <message>
        <source>Checklist</source>
        <translation>巡检表</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>巡检日历</translation>
    </message>
    <message>
        <source>Open patrol</source>
        <translation>打开巡检</translation>
    </message>
    <message>
        <source>Engineer:</source>
        <translation>巡检人：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>engineer on duty</source>
        <translation>值班工程师</translation>
    </message>
    <message>
        <source>Enter the engineer on duty first.</source>
        <translation>请先填写值班工程师。</translation>
    </message>
</context>
<context>
    <name>PatrolWords</name>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Abnormal</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Day shift</source>
        <translation>白班</translation>
    </message>
    <message>
        <source>Night shift</source>
        <translation>夜班</translation>
    </message>
    <message>
        <source>Probe</source>
        <translation>探测</translation>
    </message>
    <message>
        <source>Probe, to confirm</source>
        <translation>探测（待确认）</translation>
    </message>
    <message>
        <source>Changed from probe</source>
        <translation>已改写探测结果</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>手工填写</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>pre-filled by a probe, not confirmed</source>
        <translation>探测预填，未确认</translation>
    </message>
    <message>
        <source>abnormal: a note is required</source>
        <translation>异常：须填写说明</translation>
    </message>
    <message>
        <source>evidence required: attach a file or refresh the probe</source>
        <translation>须提供证据：请附加文件或刷新探测</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>逾期完成</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>未巡检</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待巡检</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>记录值</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Amendment reason</source>
        <translation>更正原因</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This area cannot open: {detail}</source>
        <translation>该功能区无法打开：{detail}</translation>
    </message>
    <message>
        <source>This area is not available yet. It will come with a later version of the console; until then, use the status overview and the detail views.</source>
        <translation>此功能暂未提供，将在控制台的后续版本中推出。在此之前，请使用状态总览和详情视图。</translation>
    </message>
</context>
<context>
    <name>ResultsTableModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Probe</source>
        <translation>探针</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <source>Error class</source>
        <translation>错误类别</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>This attempt: {attempt}; confirmed state after it: {confirmed}</source>
        <translation>本次检查：{attempt}；确认后的状态：{confirmed}</translation>
    </message>
</context>
<context>
    <name>RoundHistory</name>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
    <message>
        <source>Taken by the center: %1</source>
        <translation>中心已采用：%1</translation>
    </message>
    <message>
        <source>Merged with other changes: %1</source>
        <translation>与其他修改合并：%1</translation>
    </message>
    <message>
        <source>Already at the center: %1</source>
        <translation>中心已有相同内容：%1</translation>
    </message>
    <message>
        <source>In conflict: %1</source>
        <translation>发生冲突：%1</translation>
    </message>
    <message>
        <source>Sent before: %1</source>
        <translation>此前已发送：%1</translation>
    </message>
    <message>
        <source>Pulled records kept as local changes: %1</source>
        <translation>拉取时保留本机修改的记录：%1</translation>
    </message>
    <message>
        <source>Finished at</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Pushed</source>
        <translation>推送</translation>
    </message>
    <message>
        <source>Pulled</source>
        <translation>拉取</translation>
    </message>
    <message>
        <source>New conflicts</source>
        <translation>新冲突</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>RoundHistoryModel</name>
    <message numerus="yes">
        <source>Succeeded, %n file(s) missing</source>
        <translation>
            <numerusform>成功，缺少 %n 个附件文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
</context>
<context>
    <name>RoundsBox</name>
    <message>
        <source>Recent rounds</source>
        <translation>本次运行的同步记录</translation>
    </message>
    <message>
        <source>No round has finished since the console started.</source>
        <translation>控制台启动以来还没有完成的同步。</translation>
    </message>
    <message>
        <source>Rounds since the console started; hover over a result for details.</source>
        <translation>列出控制台启动以来的各轮同步；鼠标停在结果上可查看详情。</translation>
    </message>
</context>
<context>
    <name>RunnerView</name>
    <message>
        <source>Engineer:</source>
        <translation>工程师：</translation>
    </message>
    <message>
        <source>your name, stamped on every record</source>
        <translation>您的姓名，将记录在每条记录上</translation>
    </message>
    <message>
        <source>Start runbook</source>
        <translation>开始执行预案</translation>
    </message>
    <message>
        <source>Note for the timeline: what you saw or did (optional)</source>
        <translation>时间线备注：您看到或做了什么（可选）</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Paste the check output here</source>
        <translation>在此粘贴检查输出</translation>
    </message>
    <message>
        <source>Record output: passed</source>
        <translation>记录输出：通过</translation>
    </message>
    <message>
        <source>Record output: failed</source>
        <translation>记录输出：未通过</translation>
    </message>
    <message>
        <source>Run the probe now</source>
        <translation>立即运行探测</translation>
    </message>
    <message>
        <source>Run the command</source>
        <translation>执行命令</translation>
    </message>
    <message>
        <source>Reason for skipping this step (required)</source>
        <translation>跳过此步骤的原因（必填）</translation>
    </message>
    <message>
        <source>Skip step</source>
        <translation>跳过步骤</translation>
    </message>
    <message>
        <source>No runbook run for this incident yet.</source>
        <translation>此事件尚未执行处置预案。</translation>
    </message>
    <message>
        <source>Select an incident.</source>
        <translation>请选择一个事件。</translation>
    </message>
    <message>
        <source>The run has ended.</source>
        <translation>执行已结束。</translation>
    </message>
    <message>
        <source>Probe</source>
        <translation>探针</translation>
    </message>
    <message>
        <source>Whitelisted command (confirm before running)</source>
        <translation>白名单命令（运行前请确认）</translation>
    </message>
    <message>
        <source>Engineer missing</source>
        <translation>缺少工程师姓名</translation>
    </message>
    <message>
        <source>Enter your name first: every record carries it.</source>
        <translation>请先输入您的姓名：每条记录都会带上它。</translation>
    </message>
    <message>
        <source>Command not whitelisted</source>
        <translation>命令不在白名单中</translation>
    </message>
    <message>
        <source>This will run on {host}:

{command}

Run it?</source>
        <translation>将在 {host} 上执行：

{command}

确认执行？</translation>
    </message>
    <message>
        <source>Confirm the command</source>
        <translation>确认执行命令</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
</context>
<context>
    <name>ServicePointsModel</name>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last check</source>
        <translation>最近检查</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Interface language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <source>The change applies at once and is kept for the next start.</source>
        <translation>更改立即生效，下次启动时保留。</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据目录：</translation>
    </message>
    <message>
        <source>Local database:</source>
        <translation>本地数据库：</translation>
    </message>
    <message>
        <source>Log file:</source>
        <translation>日志文件：</translation>
    </message>
</context>
<context>
    <name>SiteErrorBanner</name>
    <message>
        <source>The site file is invalid, so no checks are running.</source>
        <translation>站点配置文件无效，因此未运行任何检查。</translation>
    </message>
    <message>
        <source>Correct the site file and restart the console.</source>
        <translation>请修正站点配置文件后重新启动控制台。</translation>
    </message>
    <message>
        <source>…and {count} more problems; the log file lists them all.</source>
        <translation>……另有 {count} 个问题，日志文件中列出了全部问题。</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Where:</source>
        <translation>位置：</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>值：</translation>
    </message>
    <message>
        <source>Problem:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Expected:</source>
        <translation>应为：</translation>
    </message>
</context>
<context>
    <name>State</name>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>维护</translation>
    </message>
</context>
<context>
    <name>StateBox</name>
    <message>
        <source>Sync state</source>
        <translation>同步状态</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>当前状态：</translation>
    </message>
    <message>
        <source>Waiting to sync:</source>
        <translation>待同步：</translation>
    </message>
    <message>
        <source>By kind:</source>
        <translation>按类型：</translation>
    </message>
    <message>
        <source>Last success:</source>
        <translation>上次成功：</translation>
    </message>
    <message>
        <source>Last failure:</source>
        <translation>上次失败：</translation>
    </message>
    <message>
        <source>Next automatic sync:</source>
        <translation>下次自动同步：</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <source>Planned when this round ends</source>
        <translation>本轮结束后安排</translation>
    </message>
    <message>
        <source>Waiting for the first automatic round</source>
        <translation>等待首次自动同步</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>in %n second(s)</source>
        <translation>
            <numerusform>%n 秒后</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in about %n minute(s)</source>
        <translation>
            <numerusform>约 %n 分钟后</numerusform>
        </translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message numerus="yes">
        <source>Idle, %n failed round(s) in a row</source>
        <translation>
            <numerusform>空闲，已连续失败 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Details for the administrator: %1</source>
        <translation>供管理员参考的详细信息：%1</translation>
    </message>
</context>
<context>
    <name>StatusTile</name>
    <message>
        <source>Impacted</source>
        <translation>受影响</translation>
    </message>
    <message>
        <source>Flapping</source>
        <translation>频繁波动</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <source>Checked at {time}</source>
        <translation>检查于 {time}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Impacted by the failure of {dependencies}</source>
        <translation>受{dependencies}故障影响</translation>
    </message>
    <message>
        <source>Maintenance: {reason}</source>
        <translation>维护：{reason}</translation>
    </message>
    <message>
        <source>{online}/{total} online</source>
        <translation>{online}/{total} 在线</translation>
    </message>
</context>
<context>
    <name>SubmitDialog</name>
    <message>
        <source>Submit patrol</source>
        <translation>提交巡检</translation>
    </message>
    <message numerus="yes">
        <source>Confirm the %n pre-filled answer(s) as they are</source>
        <translation>
            <numerusform>按原样确认 %n 项预填结果</numerusform>
        </translation>
    </message>
    <message>
        <source>Once submitted, the patrol is locked; later corrections are amendments with a reason.</source>
        <translation>提交后记录锁定，之后的修改须以更正形式填写原因。</translation>
    </message>
    <message>
        <source>These items block submission:</source>
        <translation>以下检查项尚不能提交：</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
</context>
<context>
    <name>SubsystemDetailDialog</name>
    <message>
        <source>{name} — detail</source>
        <translation>{name} — 详情</translation>
    </message>
    <message>
        <source>{name} (no response deadline)</source>
        <translation>{name}（无响应时限）</translation>
    </message>
    <message>
        <source>{name}: respond within {respond} min, resolve within {handle} min</source>
        <translation>{name}：{respond} 分钟内响应，{handle} 分钟内处理完毕</translation>
    </message>
    <message>
        <source>{online}/{total} online, {offline} offline</source>
        <translation>{online}/{total} 在线，{offline} 离线</translation>
    </message>
    <message>
        <source>Loading history…</source>
        <translation>正在读取历史记录…</translation>
    </message>
    <message>
        <source>Reading the history failed: {error}</source>
        <translation>读取历史记录失败：{error}</translation>
    </message>
    <message>
        <source>{count} recent results, {changes} state changes</source>
        <translation>最近 {count} 条检查结果，{changes} 次状态变化</translation>
    </message>
    <message>
        <source>Every check: {checks} checks, {failed} failed</source>
        <translation>逐次检查：共 {checks} 次，失败 {failed} 次</translation>
    </message>
    <message>
        <source>One point per hour: {periods} hours with checks, {failed} with failed checks</source>
        <translation>每小时一个点：{periods} 个小时有检查，{failed} 个有失败</translation>
    </message>
    <message>
        <source>One point per 5 minutes: {periods} periods with checks, {failed} with failed checks</source>
        <translation>每 5 分钟一个点：{periods} 个时段有检查，{failed} 个有失败</translation>
    </message>
    <message>
        <source>Down {down} min, maintenance {maintenance} min, observed {observed} h this month</source>
        <translation>本月故障 {down} 分钟，维护 {maintenance} 分钟，观测 {observed} 小时</translation>
    </message>
</context>
<context>
    <name>SubsystemDetailForm</name>
    <message>
        <source>Subsystem detail</source>
        <translation>子系统详情</translation>
    </message>
    <message>
        <source>SLA class:</source>
        <translation>服务级别：</translation>
    </message>
    <message>
        <source>Last check:</source>
        <translation>最近检查：</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>响应时间：</translation>
    </message>
    <message>
        <source>This month&apos;s availability:</source>
        <translation>本月可用率：</translation>
    </message>
    <message>
        <source>Detail:</source>
        <translation>详情：</translation>
    </message>
    <message>
        <source>Latency history</source>
        <translation>响应时间历史</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <source>Recent results</source>
        <translation>最近检查结果</translation>
    </message>
    <message>
        <source>State changes</source>
        <translation>状态变化</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>可用率</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <source>Service points</source>
        <translation>服务网点</translation>
    </message>
    <message>
        <source>Show only offline points</source>
        <translation>只显示离线网点</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SyncCenter</name>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Send this console&apos;s records to the center and fetch new ones now</source>
        <translation>立即把本机的记录发送到中心，并取回新记录</translation>
    </message>
</context>
<context>
    <name>SyncFields</name>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>当前步骤</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Engineer</source>
        <translation>巡检人</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>复核人</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>复核时间</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Submitted by</source>
        <translation>提交人</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>记录值</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>填写人</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>填写时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Patrol date</source>
        <translation>巡检日期</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Content hash</source>
        <translation>内容哈希</translation>
    </message>
    <message>
        <source>Template ID</source>
        <translation>模板编号</translation>
    </message>
    <message>
        <source>Template version</source>
        <translation>模板版本</translation>
    </message>
    <message>
        <source>Template content</source>
        <translation>模板内容</translation>
    </message>
    <message>
        <source>Saved at</source>
        <translation>保存时间</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>This console sends its records to the province center and fetches the other consoles&apos; records. Without a link, records wait here and go with the next successful round.</source>
        <translation>本机把记录发送到省中心，并取回其他控制台的记录。网络不通时，记录留在本机，下次同步成功时一并发送。</translation>
    </message>
    <message>
        <source>Sync is not configured on this console.</source>
        <translation>本机尚未配置同步。</translation>
    </message>
</context>
<context>
    <name>SyncSetupBox</name>
    <message>
        <source>The training lab does not sync with the province center: the records entered here stay on this console.</source>
        <translation>培训实验室不与省中心同步，在这里录入的记录只保存在本机。</translation>
    </message>
    <message>
        <source>The site file is invalid, so sync is off. Correct the problems the banner above lists and restart the console.</source>
        <translation>站点文件有错误，同步已关闭。请按上方提示改正站点文件，然后重启控制台。</translation>
    </message>
    <message>
        <source>The site file %1 has no [sync] table, so records stay on this console and are not sent to the province center.</source>
        <translation>站点文件 %1 中没有 [sync] 表，记录只保存在本机，不会发送到省中心。</translation>
    </message>
    <message>
        <source>username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Field laptop of engineer Zhang</source>
        <translation>驻场笔记本-张工</translation>
    </message>
    <message>
        <source>To sync with the center:</source>
        <translation>如需与省中心同步：</translation>
    </message>
    <message>
        <source>Add a [sync] table to the site file: url is the center&apos;s PostgreSQL without a password, credential names the keyring entry of the password, interval is the seconds between automatic rounds.</source>
        <translation>在站点文件中加入 [sync] 表：url 是中心 PostgreSQL 的地址（不含密码），credential 指定保存密码的密钥环条目，interval 是两次自动同步之间的秒数。</translation>
    </message>
    <message>
        <source>Store the center&apos;s password in the system keyring once, on this computer. The command asks for the password; %1 is the username in credential.</source>
        <translation>在本机的系统密钥环中保存一次中心数据库的密码。命令会提示输入密码；其中“%1”指 credential 中的 username。</translation>
    </message>
    <message>
        <source>Before the first sync, an administrator creates the center&apos;s tables once, from any console:</source>
        <translation>首次同步前，由管理员在任意一台控制台上运行一次下面的命令，创建中心的同步表：</translation>
    </message>
    <message>
        <source>Restart the console. It then syncs on its own, and the Sync now button starts a round at once.</source>
        <translation>重启控制台。之后控制台会自动同步，点击“立即同步”可马上开始一轮同步。</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sync not configured</source>
        <translation>未配置同步</translation>
    </message>
    <message>
        <source>The site file has no [sync] table, so records stay on this console only.</source>
        <translation>站点文件中没有 [sync] 表，记录只保存在本机。</translation>
    </message>
    <message>
        <source>Sync: reading…</source>
        <translation>同步：正在读取…</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n 个冲突</numerusform>
        </translation>
    </message>
    <message>
        <source>Records changed on two consoles: choose which values to keep</source>
        <translation>两台设备改动了同一记录：请选择要保留的值</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) waiting to sync</source>
        <translation>
            <numerusform>待同步 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Last synced %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <source>Next sync round at %1</source>
        <translation>下次同步：%1</translation>
    </message>
    <message>
        <source>Sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
    <message>
        <source>Failed at %1</source>
        <translation>失败时间：%1</translation>
    </message>
    <message>
        <source>Next try at %1</source>
        <translation>下次重试：%1</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
</context>
<context>
    <name>SyncWords</name>
    <message>
        <source>Center unreachable</source>
        <translation>无法连接中心</translation>
    </message>
    <message>
        <source>Center refused the login</source>
        <translation>中心拒绝登录</translation>
    </message>
    <message>
        <source>No password in the keyring</source>
        <translation>密钥环中没有中心密码</translation>
    </message>
    <message>
        <source>Center database not set up</source>
        <translation>中心数据库尚未初始化</translation>
    </message>
    <message>
        <source>Center database version differs</source>
        <translation>中心数据库版本不一致</translation>
    </message>
    <message>
        <source>Center reported an error</source>
        <translation>中心返回错误</translation>
    </message>
    <message>
        <source>Records stay queued and the next round tries again. If this keeps happening, give the administrator the console&apos;s log.</source>
        <translation>记录仍在待同步队列中，下一轮会自动重试。如果反复出现，请把本机日志交给管理员。</translation>
    </message>
    <message>
        <source>Records stay on this console and are sent when the center can be reached again.</source>
        <translation>记录保存在本机，待中心恢复连接后自动发送。</translation>
    </message>
    <message>
        <source>Check the user in the [sync] url of the site file and the password in the keyring.</source>
        <translation>请检查站点文件 [sync] url 中的用户名，以及系统密钥环中保存的密码。</translation>
    </message>
    <message>
        <source>Store the center&apos;s password in the keyring entry named by [sync] credential.</source>
        <translation>请把中心的密码存入 [sync] credential 所指的系统密钥环条目。</translation>
    </message>
    <message>
        <source>Ask the administrator to run: etc-console sync --upgrade-central</source>
        <translation>请联系管理员运行：etc-console sync --upgrade-central</translation>
    </message>
    <message>
        <source>This console and the center need the same version. Ask the administrator to upgrade.</source>
        <translation>本机与中心的版本必须一致，请联系管理员升级。</translation>
    </message>
    <message>
        <source>The next round tries again. Tell the administrator if it keeps failing.</source>
        <translation>下一轮会自动重试。如果一直失败，请联系管理员。</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>故障事件</translation>
    </message>
    <message>
        <source>Timeline entry</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Runbook run</source>
        <translation>预案执行</translation>
    </message>
    <message>
        <source>Runbook step</source>
        <translation>预案步骤</translation>
    </message>
    <message>
        <source>Patrol template snapshot</source>
        <translation>巡检模板快照</translation>
    </message>
    <message>
        <source>%1 (version %2)</source>
        <translation>%1（版本 %2）</translation>
    </message>
    <message>
        <source>Patrol record</source>
        <translation>巡检记录</translation>
    </message>
    <message>
        <source>Error while this console processed the sync data</source>
        <translation>本机处理同步数据时出错</translation>
    </message>
    <message>
        <source>Reason not recorded</source>
        <translation>未记录原因</translation>
    </message>
    <message>
        <source>(cut short here; the console&apos;s log has all of it)</source>
        <translation>（此处已截断，完整内容见本机日志）</translation>
    </message>
    <message>
        <source>Patrol item answer</source>
        <translation>巡检项答复</translation>
    </message>
    <message>
        <source>Patrol amendment</source>
        <translation>巡检更正</translation>
    </message>
    <message>
        <source>Patrol attachment</source>
        <translation>巡检附件</translation>
    </message>
    <message>
        <source>Sync conflict</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <source>Unnamed console</source>
        <translation>未命名控制台</translation>
    </message>
    <message>
        <source>This console (%1)</source>
        <translation>本机（%1）</translation>
    </message>
    <message>
        <source>This console (%1, device %2)</source>
        <translation>本机（%1，编号 %2）</translation>
    </message>
    <message>
        <source>%1 (device %2)</source>
        <translation>%1（编号 %2）</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>TextField</name>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Engineer</source>
        <translation>工程师</translation>
    </message>
    <message>
        <source>%1 contains the invisible bidirectional formatting character %2 at position %3. Remove it and save again.</source>
        <translation>“%1”第 %3 个字符是不可见的双向文字格式符 %2，请删除后重新保存。</translation>
    </message>
    <message>
        <source>%1 contains the control character %2 at position %3. Remove it and save again.</source>
        <translation>“%1”第 %3 个字符是控制字符 %2，请删除后重新保存。</translation>
    </message>
</context>
<context>
    <name>TimeDialog</name>
    <message>
        <source>Correct %1</source>
        <translation>更正%1</translation>
    </message>
    <message>
        <source>Record %1</source>
        <translation>记录%1</translation>
    </message>
    <message>
        <source>%1 (Beijing time):</source>
        <translation>%1（北京时间）：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>更正原因：</translation>
    </message>
    <message>
        <source>Recorded:</source>
        <translation>原记录：</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Why the recorded time is wrong (required)</source>
        <translation>说明原记录时间为何有误（必填）</translation>
    </message>
    <message>
        <source>Not needed for a first entry</source>
        <translation>首次记录无需填写</translation>
    </message>
    <message>
        <source>Reason: a recorded time is corrected only with a reason.</source>
        <translation>更正原因：更正已记录的时间必须填写原因。</translation>
    </message>
</context>
<context>
    <name>TimelineTableModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Engineer</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Change (old → new)</source>
        <translation>内容（原值 → 新值）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>TrainerPage</name>
    <message>
        <source>Down (no answer)</source>
        <translation>故障（无响应）</translation>
    </message>
    <message>
        <source>Slow answers</source>
        <translation>响应缓慢</translation>
    </message>
    <message>
        <source>HTTP 500 error</source>
        <translation>HTTP 500 错误</translation>
    </message>
    <message>
        <source>Certificate expiring soon</source>
        <translation>证书即将过期</translation>
    </message>
    <message>
        <source>Certificate expired</source>
        <translation>证书已过期</translation>
    </message>
    <message>
        <source>Flapping (every other check fails)</source>
        <translation>时好时坏（每隔一次检查失败）</translation>
    </message>
    <message>
        <source>Upload backlog to the national center</source>
        <translation>上传部中心积压</translation>
    </message>
    <message>
        <source>Status list not updated</source>
        <translation>状态名单未更新</translation>
    </message>
    <message>
        <source>Settlement file missing</source>
        <translation>清分文件缺失</translation>
    </message>
    <message>
        <source>Disk almost full</source>
        <translation>磁盘将满</translation>
    </message>
    <message>
        <source>SSH host key changed</source>
        <translation>SSH 主机密钥变更</translation>
    </message>
    <message>
        <source>Slow answers ({delay} ms)</source>
        <translation>响应缓慢（{delay} 毫秒）</translation>
    </message>
    <message>
        <source>Training lab</source>
        <translation>培训实验室</translation>
    </message>
    <message>
        <source>The console is watching the training lab, which simulates every subsystem on this computer. Set a fault to practise: the tile changes after the next checks.</source>
        <translation>控制台正在监控培训实验室，它在本机上模拟全部子系统。设置一个故障进行演练：下一轮检查后对应的状态卡片会随之变化。</translation>
    </message>
    <message>
        <source>Set a fault</source>
        <translation>设置故障</translation>
    </message>
    <message>
        <source>Active faults</source>
        <translation>当前故障</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <source>Fault:</source>
        <translation>故障：</translation>
    </message>
    <message>
        <source>Delay:</source>
        <translation>延迟：</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>全部清除</translation>
    </message>
    <message>
        <source>Lab SSH server (all application servers)</source>
        <translation>实验室 SSH 服务器（全部应用服务器）</translation>
    </message>
    <message>
        <source>{name} (all service points)</source>
        <translation>{name}（全部服务网点）</translation>
    </message>
    <message>
        <source>Service point {code} {name}</source>
        <translation>服务网点 {code} {name}</translation>
    </message>
    <message>
        <source>The lab rejected the change: {error}</source>
        <translation>实验室拒绝了此更改：{error}</translation>
    </message>
</context>
<context>
    <name>ValueView</name>
    <message>
        <source>Collapse</source>
        <translation>收起</translation>
    </message>
    <message numerus="yes">
        <source>Show all %n character(s)</source>
        <translation>
            <numerusform>展开全部（共 %n 个字）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(only the first %n characters are shown here; the record keeps all of them)</source>
        <translation>
            <numerusform>（此处只显示前 %n 个字，记录中保存完整内容）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Console cannot start</source>
        <translation>控制台无法启动</translation>
    </message>
</context>
</TS>
