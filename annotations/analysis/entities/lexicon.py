"""Small word lists that the quality layer and the rule-based backend share.

Lists hold general English news vocabulary (function words, titles, the head nouns that
name kinds of organisations and places), never names taken from a particular article.
All lookups are by the lower-cased word unless a list's comment says otherwise.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The set of the white-space separated words of `text`."""
    return frozenset(text.split())


_words = word_set


def _comma_separated(text: str) -> frozenset[str]:
    return frozenset(item.strip() for item in text.split(","))


#: Acronyms that name a concept, a job or a unit rather than a particular entity.
#: Compared case-sensitively (upper case as written).
NOT_ENTITY_ACRONYMS = _words(
    """AI AGI ML LLM LLMs GenAI CEO CEOs CTO CFO COO CMO CIO CISO CPO VP SVP EVP MD MP MPs MEP
    MEPs PM API APIs GDP GNP CPI TV PC PCs IT HR PR VAT USB GPS DNA RNA PhD MBA BA MSc OK AM
    PA IPO IPOs ESG FAQ URL PDF CCTV GMT BST UTC CET EST PST EV EVs SUV SUVs ID IDs IQ PS RIP
    ICU HIV AIDS COVID CO2 LGBT LGBTQ VR AR OS CPU GPU GPUs RAM SaaS B2B B2C DIY FYI TBC TBA
    AGM QC KC QA Q1 Q2 Q3 Q4 H1 H2 FY YoY R&D M&A ETF ETFs NFT NFTs SMS PIN PINs NB DJ MC
    ASAP AKA HQ UFO SC OBE MBE CBE"""
)

#: Words that are not names even when capitalised: function words, pronouns, sentence
#: openers, calendar words and everyday nouns that start headlines and sentences.
COMMON_WORDS = _words(
    """a an the this that these those it its it's he she they we i you me him her us them his
    hers their theirs our ours my your yours who whom whose which what when where why how
    there here but and or nor so yet however meanwhile still also then now later after before
    while if as in on at by for from with without to of off up down out over under into onto
    upon about above below across along among around against between beyond during except
    inside outside through throughout toward towards until within since although though
    because despite unless whether once one two three four five six seven eight nine ten
    some many most much more less least few several all both each every either neither no not
    none nobody nothing anyone anything everyone everything someone something other others
    another such same own only just even ever never always often sometimes already again
    yes do does did done is are was were be been being am has have had having will would shall
    should can could may might must let lets get got make made take took say says said tell
    told ask asked new old first last next previous early late recent current former top
    big small high low good bad best worst better worse great many few very too quite rather
    today tonight tomorrow yesterday morning afternoon evening night week weekend month year
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december spring summer autumn winter fall
    christmas christmases easter mr mrs ms mx dr prof sir madam dear hello thanks thank please
    reading interestingly meanwhile instead indeed overall according unlike like including
    residents officials analysts experts scientists researchers critics investors shares
    sources police judges lawyers ministers leaders people workers drivers users customers
    fans players voters readers viewers shoppers farmers teachers doctors nurses parents
    children students astronomers engineers update breaking exclusive analysis
    opinion comment editorial live watch read listen photo video report reports news
    statement statements court government council company companies firm group team plan
    deal report study scheme data"""
)

#: Titles and roles written before a person's name; stripped from names and taken as a
#: PERSON cue. Compared lower-cased without a final dot.
PERSON_TITLES = _words(
    """mr mrs ms mx miss dr prof professor sir dame lord lady rev reverend father sister
    president vice prime minister chancellor secretary senator sen rep representative
    congressman congresswoman governor gov mayor councillor councilor cllr commissioner judge
    justice lawyer attorney ambassador general gen colonel col major maj captain capt
    lieutenant lt sergeant sgt officer detective inspector constable chief king queen prince
    princess pope bishop archbishop rabbi imam sheikh ceo chairman
    chairwoman chair founder cofounder co-founder director manager coach striker goalkeeper
    midfielder defender forward substitute skipper spokesman spokeswoman spokesperson analyst
    economist author actor actress singer rapper artist editor reporter correspondent
    presenter host owner chef designer architect administrator astronaut engineer scientist
    curator instructor campaigner barrister solicitor deputy photographer"""
)

#: Verbs of speech that follow or precede a person's name ("Smith said", "said Smith").
SPEECH_VERBS = _words(
    "said says told added argued warned explained noted insisted claimed admitted asked "
    "replied wrote tweeted recalled believes thinks"
)

#: Lower-case words that may join the capitalised words of one name.
CONNECTORS = _words("of for and & de del della der van von da di du la le al bin el y the")

#: Particles that start a surname ("de Vries", "van Dijk", "Le Maire").
SURNAME_PARTICLES = _words("de del della der van von da di du la le al bin st")

#: Final words that make a name an organisation.
ORG_HEADS = _words(
    """inc inc. corp corp. corporation co co. company companies ltd ltd. llc plc gmbh ag sa
    nv bv group holdings partners associates union ministry department office agency
    authority administration commission committee council board bureau service services institute
    institution university college school academy foundation trust fund bank bancorp
    capital securities investments insurance association federation league society club
    party parliament congress senate assembly court tribunal police army navy force forces
    airlines airways motors industries technologies technology systems labs laboratories
    pharmaceuticals pharma media network networks news times post journal press studios
    records entertainment energy foods brands stores exchange organisation organization
    alliance coalition movement network centre center hospital clinic church team fc afc
    gallery museum
    united rovers athletic wanderers"""
)

#: Final words that make a name a place.
PLACE_HEADS = _words(
    """street st road rd avenue ave lane boulevard square place way drive close crescent
    river lake sea ocean bay gulf mountain mountains mount hill hills valley island islands
    coast peninsula desert forest park stadium arena airport station bridge harbour harbor
    port county province state region district city town village borough"""
)

#: Final words that make a name a law, product, event or work (OTHER).
OTHER_HEADS = _words(
    """act acts bill law laws treaty accord accords agreement directive regulation regulations
    convention protocol charter constitution amendment code cup trophy championship
    championships games olympics tournament open prize award awards festival summit conference
    expo show store telescope satellite rover mission programme program app platform
    index war initiative"""
)

#: Names that are places whatever the model says: continents, countries, big cities, and the
#: planets and moon news names as places (the labelling conventions count them as places).
#: Compared case-sensitively as written.
KNOWN_PLACES = _words(
    """Africa Antarctica Asia Australia Europe America Americas Oceania Arctic
    Afghanistan Albania Algeria Argentina Armenia Austria Azerbaijan Bangladesh Belarus Belgium
    Bolivia Bosnia Brazil Britain Bulgaria Cambodia Cameroon Canada Chile China Colombia Croatia
    Cuba Cyprus Czechia Denmark Ecuador Egypt England Estonia Ethiopia Finland France
    Germany Ghana Greece Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica
    Japan Kazakhstan Kenya Korea Kosovo Kuwait Latvia Lebanon Libya Lithuania Luxembourg
    Malaysia Mali Malta Mexico Moldova Mongolia Montenegro Morocco Mozambique Myanmar Nepal
    Netherlands Nigeria Norway Pakistan Palestine Panama Peru Philippines Poland Portugal Qatar
    Romania Russia Rwanda Scotland Senegal Serbia Singapore Slovakia Slovenia Somalia Spain
    Sudan Sweden Switzerland Syria Taiwan Tanzania Thailand Tunisia Turkey Uganda Ukraine Uruguay
    Venezuela Vietnam Wales Yemen Zambia Zimbabwe UK US USA UAE
    Amsterdam Athens Bangkok Barcelona Beijing Berlin Brussels Budapest Cairo Chicago Delhi
    Dubai Dublin Edinburgh Geneva Hamburg Istanbul Jakarta Jerusalem Johannesburg Kyiv Lagos
    Lisbon London Madrid Manchester Melbourne Milan Moscow Mumbai Munich Nairobi Paris Prague
    Rome Seoul Shanghai Singapore Stockholm Sydney Tehran Tokyo Toronto Vienna Warsaw
    Washington Zurich
    Moon Mars Earth Venus Jupiter Saturn"""
) | _comma_separated(
    """United Kingdom, United States, New York, Los Angeles, San Francisco, Hong Kong,
    New Delhi, South Africa, North Korea, South Korea, New Zealand, Saudi Arabia,
    Northern Ireland, Latin America, North America, South America, Middle East"""
)

#: Prepositions after which a capitalised name is usually a place ("in Paris").
PLACE_PREPOSITIONS = _words("in from near across throughout outside")

#: Common given names, a PERSON cue for the rule-based backend and for short-form merges.
GIVEN_NAMES = _words(
    """aaron adam adrian ahmed aisha alan albert alex alexander alice amanda amy ana andrea
    andrew angela anna anne anthony antonio ben benjamin beth bill bob brian bruce carl carlos
    caroline catherine charles charlie chris christian christine christopher claire daniel
    david deborah diana donald dmitri edward elena elizabeth emily emma eric fatima fernando
    francesco frank gary george graham hannah harry helen henry ian isabel jack jacob james
    jane janet jason jean jeff jennifer jessica jim joe john jonathan jose joseph juan julia
    karen kate katherine kevin laura lee linda lisa liam lucy luis maria mark martin mary
    matthew michael michelle mike mohammed muhammad nancy natalie nick nicola olivia omar
    patricia paul peter philip priya rachel rahul raj ravi rebecca richard robert ryan sam
    samuel sarah sophie stephen steve steven susan thomas tim tom tony victoria william yuki
    wei xi li ming hiroshi kenji olaf hans klaus pierre jacques marie sophia giulia marco luca
    paolo ahmad ali hassan ibrahim kwame kofi chinedu amara ngozi sipho thabo"""
)

#: Nationality and regional adjectives; not names on their own ("German officials").
#: Compared case-sensitively.
DEMONYMS = _words(
    """African American Arab Asian Australian Austrian Belgian Brazilian British Canadian
    Chinese Danish Dutch Egyptian English European French German Greek Hungarian Indian Irish
    Iranian Israeli Italian Japanese Korean Mexican Nigerian Norwegian Pakistani Palestinian
    Polish Portuguese Russian Saudi Scottish Spanish Swedish Swiss Syrian Turkish Ukrainian
    Welsh Western Eastern Northern Southern Gulf Latin Nordic Scandinavian Balkan
    Afghan Albanian Algerian Argentine Argentinian Armenian Bangladeshi Belarusian Bolivian
    Bosnian Bulgarian Cambodian Cameroonian Chilean Colombian Congolese Croatian Cuban Cypriot
    Czech Ecuadorian Estonian Ethiopian Filipino Finnish Gabonese Georgian Ghanaian Guatemalan
    Haitian Honduran Icelandic Indonesian Iraqi Jamaican Jordanian Kazakh Kenyan Kurdish
    Kuwaiti Latvian Lebanese Libyan Lithuanian Malaysian Malian Maltese Moroccan Mongolian
    Nepalese Nicaraguan Panamanian Paraguayan Peruvian Qatari Romanian Rwandan Senegalese
    Serbian Slovak Slovenian Somali Sudanese Taiwanese Thai Tunisian Ugandan Uruguayan Uzbek
    Venezuelan Vietnamese Yemeni Zambian Zimbabwean Martian Lunar"""
)

#: Titles after which the capitalised word before them is a portfolio, not a name
#: ("Finance Minister", "Health Secretary"); other titles follow an employer ("Meta CEO").
PORTFOLIO_TITLES = _words(
    "minister secretary commissioner chancellor president governor mayor director officer "
    "councillor justice judge general spokesperson spokesman spokeswoman"
)

#: First words that make a name a place ("River Avon", "Mount Kenya", "Lake Geneva").
PLACE_FIRST_WORDS = _words("river lake mount mt port fort cape isle gulf bay")

#: Connectors after which an organisation word names the organisation ("Bank of England").
OF_CONNECTORS = _words("of for")
