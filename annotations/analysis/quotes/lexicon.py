"""Word lists the quotation rules rely on (English news style), kept in one place."""

from __future__ import annotations

import re


def word_set(words: str) -> frozenset[str]:
    """The white-space separated words of `words` (keeps long lists readable)."""
    return frozenset(words.split())


#: Verbs that report speech or writing, in the forms news uses.
REPORTING_VERBS = word_set("""
    said says say saying told tells added adds adding warned warns asserted asserts wrote
    writes writing labeled labelled labels argued argues explained explains noted notes claimed
    claims insisted insists stated states emphasized emphasised emphasizes emphasises stressed
    stresses continued continues asked asks replied replies responded responds declared
    declares announced announces admitted admits acknowledged acknowledges conceded concedes
    recalled recalls observed observes remarked remarks suggested suggests predicted predicts
    promised promises vowed vows urged urges cautioned cautions called calls described
    describes branded brands dubbed termed tweeted posted commented comments concluded
    concludes complained complains countered counters agreed agrees joked jokes confirmed
    confirms denied denies maintained maintains contended contends testified testifies
    wondered wonders shouted whispered boasted boasts pleaded pleads recounted recounts
    reiterated reiterates answered answers quipped quips mused muses exclaimed highlighted
    highlights stating telling warning noting explaining arguing insisting claiming asking
    replying responding declaring announcing writing tweeting recalling reads reasoned
    """)

#: Matches one reporting verb (or "according to", "pointed out") as a whole word.
REPORTING_VERB_RE = re.compile(
    r"\b(?:[Aa]ccording to|in the words of|points? out|pointed out|went on|goes on|"
    + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
    + r")\b"
)

#: Words that name a document or a voice of an organisation or person: "Meta’s blog post",
#: "its statement", "a statement from X" all speak for their owner.
DOCUMENT_NOUNS = word_set("""
    statement statements post posts blog blogpost release letter report memo email e-mail
    filing website site announcement tweet message note paper complaint submission response
    video newsletter bulletin account spokesperson spokesman spokeswoman representative
    representatives lawyer lawyers attorney attorneys
    """)

#: People who speak for an organisation: "a department spokesman" speaks for the department.
VOICE_NOUNS = word_set(
    "spokesman spokeswoman spokesperson spokespeople official officials representative"
)

#: "the company said" refers to the nearest organisation mentioned before.
ORG_DESCRIPTIONS = word_set("""
    company firm group organisation organization agency ministry department startup start-up
    giant manufacturer maker retailer regulator government bank club team utility network
    platform commission council board university school airline insurer operator automaker
    carmaker developer publisher studio lab party authority watchdog service institute
    foundation charity
    """)

#: Words that head an organisation's name before "of" ("Office of Personnel Management").
ORG_NAME_HEADS = word_set("""
    office department ministry bureau board commission council committee agency authority
    university college institute school bank church court house union league association
    """)

#: "the senator said" refers to the nearest person mentioned before.
PERSON_DESCRIPTIONS = word_set("""
    mayor minister professor senator judge coach author actor actress singer researcher
    scientist president governor chancellor dean striker teacher director executive ceo
    founder co-founder chairman chairwoman chair economist analyst lawmaker congressman
    congresswoman councilman councilwoman prosecutor doctor physician artist writer novelist
    player manager officer
    """)

#: Titles and roles that come before a name ("Mayor Linda Okafor", "coach Dana Whitfield");
#: compared in lower case, with any final dot removed.
NAME_TITLES = word_set("""
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister
    mayor minister secretary senator sen rep representative governor gov president
    vice-president chancellor judge justice coach chair chairman chairwoman ceo cfo cto coo
    founder co-founder chief executive officer director leader spokesman spokeswoman
    spokesperson councilman councilwoman councillor councilor commissioner ambassador
    general gen captain capt colonel col lieutenant lt sergeant sgt inspector detective
    officer king queen prince princess pope striker goalkeeper midfielder defender manager
    head principal dean attorney prosecutor economist analyst
    """)

#: Words before a quotation that make it the title of a work or a name, not speech.
TITLE_TRIGGERS = word_set("""
    film films movie book books novel novels memoir album albums song songs single track
    show shows series sitcom podcast documentary play musical opera poem painting exhibition
    episode article column essay headline journal magazine newspaper newsletter game titled
    entitled named dubbed nicknamed hashtag campaign programme program initiative project
    brand slogan motto reads reading
    """)

#: Words before a quotation that mention the quoted words rather than report them.
MENTION_TRIGGERS = word_set("""
    word words term terms phrase phrases label labels expression expressions so-called
    buzzword moniker nickname
    """)

#: Short words allowed in lower case inside a title-cased name of a work.
TITLE_SMALL_WORDS = word_set(
    "a an the of and or in on at to for by with from as nor but de la le du von van"
)

#: Prepositions that open an introductory phrase ("In a statement, he said").
PREPOSITIONS = word_set("""
    in on at after before during for with without since under despite following from by
    speaking writing asked via through amid
    """)

DETERMINERS = word_set("the a an this that these those")
PERSON_PRONOUNS = word_set("he she him her his")
ORG_PRONOUNS = frozenset(["it", "its"])
#: Pronouns that cannot be resolved to one entity.
OTHER_PRONOUNS = word_set("i we you they them their our my your us me")

#: Words that may sit between a subject and its verb ("has said", "also warned").
AUXILIARIES = word_set("""
    has have had was were is are will would also later then once previously recently
    again has-since since still already did does do just
    """)

#: Conjunctions that end a clause: a subject cannot end with one.
CONJUNCTIONS = word_set("and but or nor so yet while whereas because although")

#: Abbreviations whose final dot does not end a sentence.
ABBREVIATIONS = word_set("""
    mr mrs ms dr prof sen rep gov gen lt col capt sgt st jr sr inc corp co ltd no vs etc
    fr rev mt ft jan feb mar apr aug sept sep oct nov dec u.s u.k u.n e.g i.e
    """)
