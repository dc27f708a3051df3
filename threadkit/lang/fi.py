"""Finnish: Gmail, Outlook, Apple Mail and Thunderbird in Finnish, Google Groups in Finnish."""

from threadkit.lang.pack import Pack

# Gmail opens with the weekday: "ke 7. tammik. 2026 klo 18.27 Matti <m@x.fi> kirjoitti:"
_WEEKDAY_DATE = r"(?:ma|ti|ke|to|pe|la|su) \d{1,2}"

PACK = Pack(
    code="fi",
    name="Finnish",
    # Apple Mail "7.1.2026 kello 18.27, Matti <m@x.fi> kirjoitti:"
    attribution_intros=(_WEEKDAY_DATE,),
    attribution_verbs=("kirjoitti",),
    original_message_labels=("Alkuperäinen viesti",),
    forwarded_message_labels=("Välitetty viesti", "Edelleenlähetetty viesti"),
    header_from_labels=("Lähettäjä",),
    header_labels=("Lähetetty", "Päivämäärä", "Vastaanottaja", "Aihe", "Kopio", "Piilokopio", "Tärkeys"),
    signoffs=(
        "ystävällisin terveisin", "parhain terveisin", "terveisin", "terv", r"yst\. ?terv", "kiitos", "kiittäen",
        "kiitos etukäteen", "hyvää päivänjatkoa", "hyvää viikonloppua",
    ),
    mobile_taglines=(r"Lähetetty (?:iPhonesta|iPadista|.{1,40}(?:puhelimesta|laitteesta|sovelluksesta|-älypuhelimesta))", "Hanki Outlook for"),
    list_footer_starts=("Sait tämän viestin, koska olet tilannut",),
    list_footer_lines=(
        "Sait tämän viestin", "Jos haluat lopettaa", "Voit lopettaa tämän ryhmän tilauksen", "Jos haluat tarkastella tätä keskustelua",
        "Lisää vaihtoehtoja",
    ),
    disclaimers=(
        "Tämä (?:sähköposti(?:viesti)?|viesti) (?:ja sen liitteet )?(?:on luottamuksellinen|voi sisältää luottamuksellista|on tarkoitettu vain)",
        "Tämän (?:sähköposti)?viestin sisältö on luottamuksellinen",
    ),
    months=("tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu"),
    month_abbreviations=("tammik", "helmik", "maalisk", "huhtik", "toukok", "kesäk", "heinäk", "elok", "syysk", "lokak", "marrask", "jouluk"),
    weekdays=("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"),
)
