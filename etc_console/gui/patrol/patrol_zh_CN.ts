<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
                <numerusform>已根据探针预填 %n 项。</numerusform>
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
            <source>%1 is not a number; enter digits such as 85 or 85.5</source>
            <translation>“%1”不是数字，请输入数字，如 85 或 85.5</translation>
        </message>
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
            <source>Done</source>
            <translation>按时完成</translation>
        </message>
        <message>
            <source>Late</source>
            <translation>逾期</translation>
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
            <translation>未开始</translation>
        </message>
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
            <translation>探针</translation>
        </message>
        <message>
            <source>Probe, to confirm</source>
            <translation>探针（待确认）</translation>
        </message>
        <message>
            <source>Changed from probe</source>
            <translation>已改探针值</translation>
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
            <translation>探针预填，尚未确认</translation>
        </message>
        <message>
            <source>abnormal: a note is required</source>
            <translation>异常项须填写说明</translation>
        </message>
        <message>
            <source>evidence required: attach a file or refresh the probe</source>
            <translation>须附证据：添加附件或刷新探针</translation>
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
                <numerusform>按原值确认 %n 项探针预填结果</numerusform>
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
</TS>
