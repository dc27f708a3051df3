"""Japanese: Gmail, Outlook, Apple Mail, Thunderbird and Becky! in Japanese, Google グループ.

Japanese is written without spaces between words: no fragment here relies on a word boundary
or a space between Japanese characters (the engine's boundary before a verb is waived for a
verb that starts with a CJK character)."""

from threadkit.lang.pack import Pack

_ONEGAI = "(?:よろしく|宜しく|どうぞよろしく|今後ともよろしく)お願い(?:いた|致)?します"

PACK = Pack(
    code="ja",
    name="Japanese",
    # Gmail "2026年1月7日(水) 18:27 山田太郎 <t@x.jp>:" (no verb: the engine's verbless form),
    # Apple Mail "2026/01/07 18:27、山田太郎 <t@x.jp>のメール:", Thunderbird and Becky!
    # "2026/01/07 18:27 に 山田太郎 さんは書きました:"
    attribution_intros=(r"\d{4}年",),
    attribution_verbs=("のメール", "のメッセージ", "さんは書きました", "は書きました", "さんが書きました"),
    original_message_labels=("元のメッセージ", "元メッセージ", "オリジナルメッセージ"),
    forwarded_message_labels=("転送メッセージ", "転送されたメッセージ"),
    # Outlook "差出人: / 送信日時: / 宛先: / 件名:"
    header_from_labels=("差出人", "送信者"),
    header_labels=("送信日時", "送信日", "日時", "日付", "宛先", "件名", "CC", "BCC", "重要度"),
    signoffs=(
        _ONEGAI, "よろしくお願い申し上げます", f"以上、?{_ONEGAI}", "以上です", "以上", "敬具", "草々",
        "ありがとうございます", "ありがとうございました",
    ),
    # "iPhoneから送信", "ドコモのスマートフォンから送信": the device comes first; the whole line, so
    # that prose mentioning a sent mail is not taken
    mobile_taglines=("[^、。]{1,30}から送信$", "(?:iOS|Android) ?版 ?Outlook ?を入手", "Outlook for (?:iOS|Android) ?を入手"),
    list_footer_starts=("このメールは ?Google ?グループ",),
    list_footer_lines=(
        "このメールは ?Google ?グループ", "このグループから退会し", "このディスカッションをウェブ上で閲覧するには",
        "その他のオプションについては", "このグループに投稿するには",
    ),
    disclaimers=("(?:本|この)(?:電子)?メール(?:および添付ファイル|及び添付ファイル)?(?:は|には|の内容は).{0,40}(?:機密|秘密|守秘|宛先以外|誤って)",),
    # Google Groups in Japanese folds quoted text behind "- 引用テキストを表示 -" and unfolds it with
    # "- 引用テキストを表示しない -": both stand in Usenet posts sent from the Japanese Groups page
    # (comp.lang.cobol, July 2008) copied into the code index; a Gmail scraper lists
    # "引用テキストを表示" beside "Show quoted text" (find_string "引用テキストを表示")
    hidden_quote_notices=("- 引用テキストを表示 -", "引用テキストを表示", "- 引用テキストを表示しない -"),
    months=("1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"),
    weekdays=("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"),
)
