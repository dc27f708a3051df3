"""English: Gmail, Outlook, Apple Mail and Thunderbird in English, Google Groups and Mailman."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="en",
    name="English",
    # Gmail "On Wed, Jan 7, 2026 at 6:27 PM Jane <j@x.com> wrote:", Apple Mail "On Jan 7, 2026,
    # at 18:27, Jane <j@x.com> wrote:", Thunderbird "On 07/01/2026 18:27, Jane wrote:"
    attribution_intros=("On",),
    attribution_verbs=("wrote", "writes"),
    attribution_verb_first_intros=("On",),
    # Outlook "-----Original Message-----", Android/Samsung "-------- Original message --------"
    original_message_labels=("Original Message",),
    forwarded_message_labels=("Forwarded message",),
    header_from_labels=("From",),
    header_labels=("Sent", "Date", "To", "Subject", "Cc", "Bcc", "Reply-To", "Importance"),
    signoffs=(
        "regards", "best regards", "kind regards", "warm regards", "warmest regards", "kindest regards", "many regards",
        "with (?:kind |best )?regards", "rgds", "br", "best", "all the best", "all best", "best wishes", "warm wishes",
        "cheers", "thanks", "thank you", "thanks again", "many thanks", "thanks in advance", "thanks so much",
        "thank you very much", "thx", "sincerely", "sincerely yours", "yours sincerely", "yours faithfully",
        "yours truly", "yours", "respectfully", "cordially", "take care", "talk soon", "warmly",
    ),
    mobile_taglines=("Sent from my", "Sent from ", "Sent via ", "Sent with ", "Sent using ", "Get Outlook for"),
    virus_free_taglines=("Virus-free",),
    antivirus_notices=(r"This (?:e-?mail|message) has been checked for viruses by .{0,60}",),
    deleted_message_notices=("Message has been deleted",),
    hidden_quote_notices=("Quoted text hidden", "Show quoted text", "- Show quoted text -", "- Hide quoted text -"),
    list_footer_starts=(
        "You received this message because you are subscribed to the Google Groups",
        "To unsubscribe from this group and (?:stop receiving|all its topics)",
        r"To view this discussion (?:on the web )?visit https?://groups\.google\.com",
    ),
    list_footer_lines=(
        "To unsubscribe", "To post to this group", "To view this discussion", "Visit this group at", "For more options",
        r"\S+ mailing list$", "You received this message because",
    ),
    disclaimers=(
        "The (?:content|information) (?:of|in|contained in) this (?:e-?mail|message|communication)",
        "This (?:e-?mail|message|communication) (?:and any attachments )?(?:is|are|may be|contains?) (?:strictly )?(?:confidential|privileged)",
        r"This (?:e-?mail|message) (?:\(?(?:and|including) any attachments\)? )?is intended (?:only|solely)",
        "CONFIDENTIALITY NOTICE", "CONFIDENTIALITY:", "DISCLAIMER:",
    ),
    months=("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"),
    month_abbreviations=("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    weekdays=("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    byline_prefixes=("By",),
    # The Google Groups thread page in English, signed-in and signed-out views, as the copies in
    # ../shared/corpus/gg-web and seeds/000 hold it
    groups_unread_markers=("unread,",),
    groups_view_counts=("views?",),
    groups_skip_to_unread=("Skip to first unread message",),
    groups_reply_all=("Reply all",),
    groups_reply_to_author=("Reply to author",),
    groups_forward=("Forward",),
    groups_recipients_intros=("to",),
    groups_interface=(
        "Sign in to reply to author", "Sign in to reply", "Sign in to forward", "Delete",
        "You do not have permission to delete messages in this group", "Copy link", "Report message",
        "Show original message",
        "Either email addresses are anonymous for this group or you need the view member email addresses permission to view the original message",
        "Message has been deleted", "Mark as unread", "Reply", "Translate message to English", "Groups", "Search",
        "Clear search", "Close search", "Main menu", "Google apps", "Conversations", "All groups and messages",
        "Send feedback to Google", "Help", "Training", "Sign in", "About", "Privacy • Terms", "My groups", "Favorites",
        "Recent groups", "Discussions", r"(?:\d+|No) new messages?",
    ),
)
