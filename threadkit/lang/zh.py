"""Chinese (simplified and traditional): Gmail, Outlook, Apple Mail, Thunderbird, QQ Mail and Foxmail,
Google 网上论坛 / 網上論壇.

Chinese is written without spaces between words: no fragment here relies on a word boundary
or a space between Chinese characters (the engine's boundary before a verb is waived for a
verb that starts with a CJK character), and the full-width colon "：" is folded to ':'."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="zh",
    name="Chinese",
    # Gmail "张三 <z@x.cn> 于2026年1月7日周三 18:27写道：" (traditional "張三 <z@x.tw> 於 2026年1月7日
    # 週三 下午6:27寫道："), Apple Mail "在 2026年1月7日，18:27，张三 <z@x.cn> 写道：",
    # Thunderbird "在 2026/1/7 18:27, 张三 写道:"
    attribution_intros=(r"\d{4}年", r"在 ?\d{4}", r"於 ?\d{4}"),
    attribution_verbs=("写道", "寫道"),
    # Outlook "-----原始邮件-----", QQ Mail and Foxmail "------------------ 原始邮件 ------------------"
    original_message_labels=("原始邮件", "原始郵件", "原始消息", "原邮件"),
    forwarded_message_labels=("转发的邮件", "轉寄的郵件", "转发邮件", "轉寄郵件"),
    # Outlook "发件人: / 发送时间: / 收件人: / 主题:" (traditional "寄件者: / 寄件日期: / 收件者: / 主旨:")
    header_from_labels=("发件人", "寄件者", "寄件人"),
    header_labels=(
        "发送时间", "发件时间", "时间", "日期", "收件人", "收件者", "主题", "主旨", "抄送", "副本", "寄件日期",
        "傳送時間", "重要性",
    ),
    signoffs=(
        "谢谢", "谢谢您", "多谢", "非常感谢", "祝好", "祝 ?好", "此致", "此致 ?敬礼", "敬礼", "顺祝商祺", "顺颂商祺", "祝商祺",
        "顺颂时祺", "祝工作顺利", "謝謝", "謝謝您", "非常感謝", "此致 ?敬禮", "敬禮", "敬祝 ?商祺", "順頌商祺", "順祝商祺",
    ),
    mobile_taglines=(
        "发自我的", "发自网易邮箱", "发自 ?(?:iPhone|iPad|Outlook)", "來自我的", "從我的 ?[^，。]{1,30}(?:傳送|發送)$",
        "从我的 ?[^，。]{1,30}发送$", "获取 ?Outlook ?for", "取得 ?Outlook ?for",
    ),
    list_footer_starts=(
        "您收到(?:此|这封)邮件是因为您订阅了", "你收到(?:此|這封)郵件是因為你(?:已)?訂閱", "您收到(?:此|這封)郵件是因為您(?:已)?訂閱",
    ),
    list_footer_lines=(
        "您收到(?:此|这封)邮件", "你收到(?:此|這封)郵件", "您收到(?:此|這封)郵件", "要退订此群组", "要取消订阅", "如要取消訂閱",
        "要在网络上查看此讨论", "要在網路上查看這則討論", "如要前往網路查看", "要查看更多选项", "如需更多選項", "要向此群组发帖",
    ),
    disclaimers=(
        "(?:本|此)(?:封)?(?:电子)?邮件(?:及其附件)?.{0,30}(?:保密|机密|仅供)",
        "(?:本|此)(?:封)?(?:電子)?郵件(?:及其附件)?.{0,30}(?:保密|機密|僅供)",
        "保密声明", "免责声明", "機密聲明", "免責聲明",
    ),
    # Google 网上论坛 (simplified Chinese) folds quoted text behind "- 显示引用文字 -", as a golang-nuts
    # thread copied from its page in 2012 shows (code index, find_string "显示引用文字")
    hidden_quote_notices=("- 显示引用文字 -", "显示引用文字"),
    months=("一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"),
    weekdays=("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    # The buttons under a post of the Groups page in traditional Chinese, as Google's help names
    # them ("請按一下訊息文字下方的 [回覆所有人] / [回覆作者] / [轉寄]"):
    # https://support.google.com/groups/answer/1046523?hl=zh-Hant. The simplified-Chinese
    # interface's words and the page's other words are not confirmed: empty.
    groups_reply_all=("回覆所有人",),
    groups_reply_to_author=("回覆作者",),
    groups_forward=("轉寄",),
    # The same simplified-Chinese page copy: each post's recipients line "其他收件人： a...@x.com, b...@y.com"
    # (the full-width colon is folded to ':') and the interface's "将帖子翻译为中文" (translate the post)
    # and "点击此处回复" (click here to reply) lines
    groups_recipients_intros=("其他收件人:",),
    groups_interface=("将帖子翻译为中文", "点击此处回复"),
)
