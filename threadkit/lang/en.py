"""English."""

from threadkit.lang.pack import Pack

PACK = Pack(
    code="en",
    name="English",
    attribution_intros=("On",),
    attribution_verbs=("wrote", "writes"),
    attribution_verb_first_intros=("On",),
    original_message_labels=("Original Message",),
    forwarded_message_labels=("Forwarded message",),
    header_from_labels=("From",),
    header_labels=("Sent", "Date", "To", "Subject", "Cc", "Bcc", "Reply-To"),
    signoffs=(
        "regards", "best regards", "kind regards", "warm regards", "best", "cheers", "thanks", "thank you",
        "thanks again", "many thanks", "sincerely", "yours", "all the best", "br",
    ),
    mobile_taglines=("Sent from my", "Sent from ", "Sent via ", "Sent with ", "Get Outlook for"),
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
        "The (?:content|information) (?:of|in|contained in) this (?:e-?mail|message)",
        "This (?:e-?mail|message) (?:and any attachments )?(?:is|may be) confidential",
    ),
    months=("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"),
    month_abbreviations=("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    weekdays=("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    byline_prefixes=("By",),
)
