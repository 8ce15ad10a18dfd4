"""Generate a large, wholly fictional review workspace for benchmarks and stress tests.

The review follows docs/workspace.md exactly, so that `scr check` on it should be clean, and
it is deterministic: the same arguments always write byte-identical files, which keeps
benchmark figures comparable between runs and machines.

    python benchmarks/generate_review.py OUT_DIR [--scale 50] [--people N] [--seed 1]

Scale 1 is about the size of a real review (6 agencies, 15 sources, 50 chronology entries,
5 key practice episodes, 4 findings, 2 challenges); `--scale` multiplies those.
Every name, place and organisation is an invented combination of common words.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_MARKERS = REPO / "workspace_template" / "markers"


def _words(text: str) -> list[str]:
    """Word lists are kept as blocks of text so that hundreds of names stay readable."""
    return text.split()


# Names and words ------------------------------------------------------------------------------
# Names that are also ordinary English words (Grace, Mark, Ward, Green ...) are left out on
# purpose: the anonymiser treats every word of a registered name as an identifier, in any case.

# "Name" or "Name:Short" (the short form becomes an alias).
FEMALE_NAMES = _words("""
Olivia:Liv Amelia:Millie Isla Ava Mia Isabella:Bella Sophia:Sophie Freya Florence:Flo
Emily:Em Ella Evie Elsie Charlotte:Lottie Sienna Phoebe Sofia Alice:Ally Matilda:Tilly
Emilia Maya Eva Hallie Jessica:Jess Lucy Chloe Hannah Megan:Meg Amy Lauren Bethany:Beth
Rebecca:Becky Samantha:Sammie Natalie:Tash Danielle:Dani Kirsty Gemma Stacey Leanne
Michelle:Shelly Nicola:Nicky Sarah Laura Rachel Emma Claire Katie Jennifer:Jen
Victoria:Vicky Elizabeth:Liz Catherine:Cath Joanne:Jo Susan:Suze Karen Tracey
Deborah:Debbie Julie Angela:Angie Helen Amanda:Mandy Louise:Lou Zoe Shannon Courtney
Chantelle Aaliyah Amira Zainab Fatima Ayesha Priya Anjali Simran Aisha Maryam Hafsa Nadia
Kayleigh Paige Abigail:Abbie Georgia Leah Molly Niamh Siobhan Ciara Bronwen Cerys Ffion
Eleanor:Ellie Margaret:Maggie Patricia:Trish Christine:Chrissie Dorothy:Dottie
Agnieszka:Aga Katarzyna:Kasia Oksana Chioma Adaeze Ngozi Yetunde Ewa Roxana Ioana Bianca
Hollie Keeley Demi Jodie Toni Carly Lindsey Tanya Sharon Denise Lorraine Maxine Yvonne
""")

MALE_NAMES = _words("""
Oliver:Ollie George Noah Harry Leo Muhammad Jacob:Jake Henry Thomas:Tom Freddie:Fred Alfie
Theo William:Billy Theodore:Teddy Archie Joshua:Josh Alexander:Alex James:Jim Isaac
Edward:Ed Lucas Tommy Finley:Finn Logan Ethan Jayden:Jay Tyler Kyle Callum:Cal Connor
Liam Ryan Bradley:Brad Darren:Daz Wayne Craig Jason Gary Paul Stephen:Steve Andrew:Andy
Michael:Mike David:Dave Christopher:Chris Matthew:Matty Daniel:Danny Anthony:Tony
Richard:Richie Robert:Bobby Peter:Pete Kevin:Kev Shaun Jamie Kieran Reece Jamal Tariq
Imran Bilal Hamza Yusuf Omar Ibrahim Arjun Rohan Sanjay Ravi Kwame Tunde Emeka Chinedu
Kofi Tomasz:Tomek Piotr Marek Andrzej Rhys Dylan Gareth Cameron Euan Fraser Hamish
Declan Patrick:Paddy Sean Lewis Nathan:Nate Samuel:Sammy Benjamin:Benji Joseph:Joe Adam
Aaron Zachary:Zach Reggie Ronnie Stanley:Stan Ernest:Ernie Keith Colin Trevor Barry Nigel
Dominic:Dom Marcus Ashley:Ash Jordan Leon Mohammed Abdul Ali Hassan Karol Lukasz Mateusz
Vikram Deepak Femi Segun Olu Cristian Mihai Florin Nicolae Gavin Scott Stuart Graeme
""")

# Other spellings found in records, which become aliases too.
OTHER_SPELLINGS = {
    "Muhammad": "Mohammad",
    "Mohammed": "Mohamed",
    "Zoe": "Zoë",
    "Stephen": "Steven",
    "Shaun": "Shawn",
    "Aisha": "Ayesha",
    "Leanne": "Lianne",
    "Katie": "Katy",
    "Jodie": "Jody",
    "Hollie": "Holli",
    "Kirsty": "Kirstie",
    "Tracey": "Tracy",
    "Stacey": "Staci",
    "Niamh": "Neve",
    "Siobhan": "Shevaun",
    "Phoebe": "Pheobe",
    "Reece": "Rhys-Lee",
    "Callum": "Calum",
    "Connor": "Conor",
    "Kieran": "Ciaran",
    "Isaac": "Izaak",
    "Cameron": "Kameron",
    "Lewis": "Louis",
    "Jamie": "Jaime",
    "Abdul": "Abdoul",
}

SURNAMES = _words("""
Smith Jones Williams Taylor Davies Evans Wilson Johnson Roberts Robinson Thompson Wright
Walker Edwards Hughes Harris Clarke Patel Jackson Turner Martin Cooper Morris Moore Baker
Harrison Morgan Allen Scott Phillips Watson Parker Bennett Griffiths Mitchell Kelly
Carter Richardson Bailey Collins Shaw Murphy Miller Richards Khan Anderson Simpson Ellis
Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Matthews Palmer Holmes Barnes
Lloyd Russell Barker Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher
Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Pearce Atkinson Bradley
Dawson Burton O'Brien Watts Perry Armstrong Rees Hayes Hudson Barrett Webster Gregory Carr
Lowe Riley Parsons Reid Hawkins Harding Robertson Newton Kennedy Williamson Gardner Shah
Cooke Bates Henderson Parry Burgess Walton Nicholson Ross Nicholls Hamilton Byrne Yates
Hodgson Robson Curtis Hopkins O'Connor Coleman Watkins McCarthy O'Neill Griffin Osborne
Johnston Doyle Wallace Hutchinson Rahman Akhtar Mahmood Iqbal Chaudhry Mistry Sharma
Chauhan Nowak Kowalski Wisniewski Lewandowski Okafor Adeyemi Mensah Asante Owusu Boateng
Nwosu Eze Okonkwo Abubakar Mohamed Osman Yilmaz Demir Rossi Costa Silva Pereira Santos
Nguyen Tran Chen Wong Kaya Popescu Ionescu Horvath Novak MacLeod Sinclair Crawford Paterson
Morrison Duncan Ferguson Buchanan Lynch Quinn Gallagher Doherty Kavanagh Brennan Flynn
Farrell Nolan Pritchard Vaughan Llewellyn Bowen Howells Prosser Fairclough Ainsworth Haworth
Entwistle Greenwood Ackroyd Sutcliffe Crossley Holroyd Tattersall Whitworth Pickles
Barraclough Hargreaves Lomax Ormerod Pilkington Rigby Sowerby Thwaite Wainwright Wolstenholme
Aspinall Bancroft Brierley Cartwright Dobson Earnshaw Fenwick Gaskell Hepworth Illingworth
Kershaw Metcalfe Nuttall Oldroyd Priestley Ramsbottom Scholes Tomlinson Unsworth Whittaker
Ahmadi Rezaei Karimi Hosseini Abdullah Farah Warsame Jama Adan Mohamud Gupta Kumar Joshi
Desai Mehta Bhatt Pillai Nair Menon Reddy Rao Agarwal Bose Das Ghosh Banerjee Chakraborty
Kowalczyk Zielinski Wojcik Kaminski Dabrowski Szymanski Mazur Krawczyk Olawale Adebayo
Ogunleye Babatunde Okeke Onyeka Achebe Appiah Ansah Darko Frimpong Agyeman Petrov Ivanov
Dimitrov Georgiou Papadopoulos Christodoulou Demetriou Ferreira Rodrigues Alves Gomes
""")

AREAS = _words("""
Harrowfield Calderbrook Ashby Kingsholme Westleigh Thornbury Millbrook Stonebridge
Eastbridge Ravensdale Larchmont Felsham Oakhurst Brackenridge Hollinwell Marshfield
Coldwater Fairhaven Redcliffe Whitmoor Blackwater Greystone Elmsworth Cranleigh Dunmore
Heathcote Ironbridge Kirkdale Lowmoor Norbury Penhallow Quarrington Rosedene Saltmarsh
Tollbridge Upperby Valeside Wexcombe Yarrowby Ambleford Birchley Castleton Dovecote
Edgeworth Foxhollow Glenridding Hartwell Ingleby Juniper Kettlewell Langmere
""")

PLACE_STEMS = _words("""
Rosehill Larchfield Ashgrove Kingsmead Brookside Highfield Oakwood Willowbank Meadowcroft
Elmwood Hawthorn Beechwood Fernlea Riverside Millfield Greenacre Ladywell Westgate
Eastfield Southlands Northway Parkside Hollybush Cherrytree Foxglove Bramble Heatherside
Moorside Springfield Woodlands Claremont Belmont Fairfield Hillcrest Lakeside Orchard
Primrose Redbrook Silverdale Thornfield
""")

# (kind of place, register label noun); prose uses the first two, so they come first.
PLACE_KINDS = [
    ("Primary School", "the primary school"),
    ("Close", "the family home"),
    ("Medical Centre", "the medical centre"),
    ("Day Nursery", "the nursery"),
    ("Children's Centre", "the children's centre"),
    ("Academy", "the secondary school"),
    ("Surgery", "the surgery"),
    ("Family Hub", "the family hub"),
]
PLACE_QUALIFIERS = ["", "Upper ", "Lower ", "North ", "South ", "East ", "West ", "Old "]

ORG_KINDS = [
    ("{area} Community Health NHS Trust", "the community health trust"),
    ("{area} Hospitals NHS Foundation Trust", "the hospital trust"),
    ("{area} Borough Council", "the local authority"),
    ("{area} Homes", "the housing association"),
    ("{area} Recovery Partnership", "the drug and alcohol provider"),
    ("{area} Learning Trust", "the academy trust"),
]

TERM_KINDS = [
    ("{area} Front Door", "the front door service"),
    ("{area} Threshold Guide", "the local threshold guidance"),
    ("{area} Neglect Toolkit", "the neglect assessment tool"),
    ("{area}Link", "the shared health record"),
    ("{area} Early Help Hub", "the early help hub"),
]

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Agencies -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyKind:
    """One kind of agency: how it is named, who works there and what it records."""

    slug: str
    name: str
    role: str
    who: str  # the practitioner's role as the chronology writes it
    staff: tuple[str, ...]  # register roles of its practitioners
    what: tuple[str, ...]  # neutral chronology entries; they begin with a role noun
    concern: tuple[str, ...]  # what an episode about this agency is about
    standard: str


AGENCY_KINDS = [
    AgencyKind(
        "health-visiting",
        "Health visiting service",
        "Universal health visiting for the children of the household.",
        "Health visitor",
        (
            "health visitor",
            "health visitor",
            "community nursery nurse",
            "health visiting team leader",
        ),
        (
            "Health visitor completed the new birth visit at the family home and saw {child} with "
            "{mother}.",
            "Health visitor recorded that {child} was weighed and that growth was along the "
            "expected centile.",
            "Health visitor attempted a home visit; there was no answer and a card was left.",
            "Health visitor discussed safe sleep with {mother}; {partner} was present but did not "
            "take part.",
            "Health visitor completed the maternal mood questions with {mother}, who scored "
            "within the normal range.",
            "Health visitor telephoned {mother} to rearrange the developmental review after a "
            "missed appointment.",
            "Health visitor noted a mark on the cheek of {child}; {mother} said it was caused by "
            "a sibling.",
            "Health visitor shared a concern about home conditions with the GP practice by secure "
            "email.",
        ),
        (
            "the mark seen at the developmental review",
            "the missed developmental reviews",
            "concerns about home conditions",
            "the father's absence from contacts",
        ),
        "{area} multi-agency procedure on bruising in non-mobile babies (2022).",
    ),
    AgencyKind(
        "general-practice",
        "General practice",
        "Primary medical care for all members of the household.",
        "GP",
        ("GP", "practice nurse", "GP safeguarding lead"),
        (
            "GP saw {child} with {mother} for a chest infection and prescribed antibiotics.",
            "GP reviewed {mother}, who reported low mood and poor sleep; medication was continued.",
            "GP recorded that {partner} had registered with the practice at the family address.",
            "Practice nurse recorded that {child} did not attend for the second immunisations.",
            "GP received a discharge letter from the emergency department about {child}.",
            "GP safeguarding lead added an alert to the records of {child} and {sibling}.",
            "Practice nurse sent a second letter inviting {mother} to book the missed "
            "immunisations.",
        ),
        (
            "repeated missed immunisations",
            "the mother's disclosure of low mood",
            "the discharge letter from the emergency department",
            "the registration of a new adult",
        ),
        "Royal College of General Practitioners safeguarding toolkit (2021 edition).",
    ),
    AgencyKind(
        "childrens-social-care",
        "Children's social care",
        "Statutory assessment, child in need and child protection work.",
        "Social worker",
        ("social worker", "social worker", "team manager", "independent reviewing officer"),
        (
            "Social worker received a referral about {child} from the health visiting service.",
            "Social worker completed a home visit and saw {child} and {sibling} in their bedroom.",
            "Team manager decided that the referral about {child} did not meet the threshold for "
            "assessment.",
            "Social worker held a strategy discussion with the police and health about {child}.",
            "Social worker completed the assessment and recommended a child in need plan.",
            "Social worker spoke to {mother} by telephone; {mother} declined a further visit that "
            "week.",
            "Team manager allocated the case of {child} to a newly qualified social worker.",
            "Social worker closed the case of {child} with a step-down to early help.",
        ),
        (
            "the decision not to assess after the first referral",
            "the step-down to early help",
            "the child in need plan",
            "the strategy discussion",
        ),
        "{area} Safeguarding Children Partnership threshold document (2021).",
    ),
    AgencyKind(
        "police",
        "Police",
        "Response to domestic incidents and investigation of offences.",
        "Police officer",
        ("police officer", "police officer", "detective constable", "police sergeant"),
        (
            "Police attended {home} after a neighbour reported shouting; {partner} had left "
            "before officers arrived.",
            "Police completed a domestic abuse risk assessment with {mother}, graded as standard "
            "risk.",
            "Police shared a notification about {child} with children's social care.",
            "Police arrested {partner} on suspicion of assault; {partner} was released under "
            "investigation.",
            "Police recorded that {child} was present in the home during the incident.",
            "Police made a welfare check at the request of {relative}; no concerns were recorded.",
        ),
        (
            "the domestic incident",
            "the grading of the risk assessment",
            "the notification to children's social care",
            "the welfare check",
        ),
        "Authorised professional practice on domestic abuse (College of Policing).",
    ),
    AgencyKind(
        "education",
        "Primary school",
        "Education and pastoral care; the designated safeguarding lead.",
        "Class teacher",
        ("class teacher", "designated safeguarding lead", "head teacher", "teaching assistant"),
        (
            "Class teacher recorded that {child} arrived at {school} hungry and without a coat.",
            "Designated safeguarding lead met {mother} to discuss the attendance of {child}.",
            "Class teacher noticed a bruise on the arm of {child} and told the designated "
            "safeguarding lead.",
            "Designated safeguarding lead made a referral about {child} to the front door service.",
            "Teaching assistant recorded that {child} said {partner} had shouted at home.",
            "Head teacher wrote to {mother} about the unauthorised absence of {child}.",
            "Designated safeguarding lead attended the child in need meeting for {child}.",
        ),
        (
            "the disclosure in class",
            "falling school attendance",
            "the bruise seen on the arm",
            "the referral to the front door",
        ),
        "Keeping children safe in education (statutory guidance for schools).",
    ),
    AgencyKind(
        "emergency-department",
        "Hospital emergency department",
        "Emergency and urgent care for children and adults.",
        "Emergency department doctor",
        ("emergency department doctor", "paediatric registrar", "emergency nurse"),
        (
            "Emergency department doctor examined {child} after a reported fall from a sofa and "
            "found no injury.",
            "Emergency nurse completed the safeguarding questions for {child}; no concerns were "
            "recorded.",
            "Paediatric registrar admitted {child} for observation overnight.",
            "Emergency department doctor treated {mother} for a hand injury; {mother} said it "
            "happened at work.",
            "Emergency nurse sent a liaison form about {child} to the health visiting service.",
        ),
        (
            "the attendance after a reported fall",
            "the mother's attendance with a hand injury",
            "the liaison form",
            "the overnight admission",
        ),
        "Hospital policy on children attending the emergency department (2020).",
    ),
    AgencyKind(
        "midwifery",
        "Maternity service",
        "Antenatal and postnatal midwifery care.",
        "Midwife",
        ("midwife", "community midwife", "safeguarding midwife"),
        (
            "Midwife completed the booking appointment with {mother}; routine enquiry about "
            "domestic abuse was not possible as {partner} was present.",
            "Community midwife completed a postnatal visit and saw {sibling} with {mother}.",
            "Safeguarding midwife discussed {mother} at the vulnerable women's meeting.",
            "Midwife recorded that {mother} did not attend the antenatal clinic.",
        ),
        (
            "routine enquiry at booking",
            "the missed antenatal appointments",
            "the vulnerable women's meeting",
        ),
        "Maternity safeguarding procedure, {area} hospitals (2022).",
    ),
    AgencyKind(
        "ambulance",
        "Ambulance service",
        "Emergency response and conveyance to hospital.",
        "Paramedic",
        ("paramedic", "emergency care assistant"),
        (
            "Paramedic attended a call about {child} having difficulty breathing and conveyed "
            "{child} to hospital.",
            "Paramedic recorded that the home was cold and that there was little food in the "
            "kitchen.",
            "Paramedic made a safeguarding referral about {child} through the ambulance service "
            "hub.",
        ),
        ("the call about breathing difficulty", "the safeguarding referral from the crew"),
        "Ambulance service safeguarding policy (2021).",
    ),
    AgencyKind(
        "housing",
        "Housing provider",
        "Social housing tenancy and repairs.",
        "Housing officer",
        ("housing officer", "tenancy sustainment officer"),
        (
            "Housing officer visited {home} about rent arrears and spoke to {mother} on the "
            "doorstep.",
            "Housing officer recorded a report of damp and mould in the bedroom of {child}.",
            "Tenancy sustainment officer recorded that {partner} appeared to be living at the "
            "property.",
        ),
        ("the rent arrears visit", "the reports of damp and mould"),
        "{area} Homes tenancy management policy (2020).",
    ),
    AgencyKind(
        "adult-mental-health",
        "Adult mental health service",
        "Community mental health care for adults in the household.",
        "Mental health nurse",
        ("mental health nurse", "consultant psychiatrist"),
        (
            "Mental health nurse assessed {mother} after a GP referral and offered talking "
            "therapy.",
            "Mental health nurse discharged {mother} after two missed appointments.",
            "Consultant psychiatrist reviewed {partner} and recorded that there were children in "
            "the household.",
        ),
        ("the discharge after missed appointments", "the think-family question at assessment"),
        "Think family protocol for adult services (2019).",
    ),
    AgencyKind(
        "substance-misuse",
        "Drug and alcohol service",
        "Treatment for adults who use drugs or alcohol.",
        "Recovery worker",
        ("recovery worker", "recovery team leader"),
        (
            "Recovery worker completed an assessment with {partner}, who reported daily alcohol "
            "use.",
            "Recovery worker recorded that {partner} had relapsed and did not attend the group "
            "session.",
            "Recovery worker asked {partner} about children in the household; none were recorded.",
        ),
        ("the assessment of alcohol use", "recording children in the household"),
        "Drug and alcohol service safeguarding children policy (2022).",
    ),
    AgencyKind(
        "early-help",
        "Early help service",
        "Targeted family support below the threshold for statutory services.",
        "Family support worker",
        ("family support worker", "early help coordinator"),
        (
            "Family support worker completed a first visit with {mother} and agreed a family plan.",
            "Early help coordinator held a team around the family meeting for {child}.",
            "Family support worker recorded that {mother} had cancelled two planned visits.",
            "Family support worker closed the family plan as {mother} no longer wished to engage.",
        ),
        ("the family plan", "the closure of early help"),
        "{area} early help strategy and practice guidance (2022).",
    ),
]

SIGNIFICANCE = (
    "First contact with the household; {partner} not present.",
    "The role of {partner} in the household was not explored.",
    "Information not shared with other agencies at the time.",
    "Concern recorded but no referral made.",
    "Referral made to children's social care.",
    "Consistent with the agreed plan.",
    "{mother} described feeling isolated.",
    "The threshold for a strategy discussion was considered and not met.",
    "The voice of {child} is recorded.",
    "Missed opportunity to see {child}.",
    "{relative} was raising concerns informally.",
    "Important context for later events.",
)

HINDSIGHT = (
    "Practitioner conversation reconstructing what was known on the day; outcome withheld "
    "from the panel's first appraisal.",
    "Records read in date order by a panel member who did not know the outcome.",
    "Appraisal against the procedure in force at the time, checked with the practitioners "
    "at the learning event.",
    "Comparison with how the same team handled three similar cases in the same month.",
)

FACTOR_CATEGORIES = (
    "individual",
    "family-interaction",
    "task",
    "tools",
    "team",
    "organisation",
    "interagency",
    "context",
)

FACTOR_TEXT = {
    "individual": "The practitioner was new to the role and had not yet completed the "
    "service's safeguarding training.",
    "family-interaction": "The mother presented as warm and cooperative, which reassured "
    "practitioners that the children were safe.",
    "task": "The contact had a fixed agenda and no prompt to ask about other adults in the home.",
    "tools": "The record system showed the episode in isolation, so earlier concerns were not "
    "visible on the screen used at the visit.",
    "team": "Supervision sessions had been cancelled for two months because of vacancies.",
    "organisation": "Caseloads in the team were well above the service's own limit.",
    "interagency": "Each agency held part of the picture and no meeting brought it together.",
    "context": "The service was reorganising its localities during the period under review.",
}

APPRAISAL = (
    "The response was in line with the procedure in place at the time [{src}].",
    "{prof} recorded the concern clearly but did not share it with other agencies [{ch}].",
    "The view of {child} was not sought directly [{ch}].",
    "The role of {partner} in the household was not explored with {mother} [{ch}].",
    "Practice fell short of the expected standard because no chronology was consulted [{src}].",
    "The decision was recorded with a rationale, which is good practice [{ch}].",
    "A strategy discussion would have been expected under the local procedure [{src}].",
    "{prof} acted promptly and escalated the concern to a manager the same day [{ch}].",
    "The records do not show that {father} was contacted [{ch}].",
)

RATIONALITY = (
    "From the perspective of {prof}, the account given by {mother} was plausible and "
    "consistent with earlier contacts [{ch}].",
    "In conversation with the reviewer, {prof} explained that the team had twelve new "
    "referrals that week [{src}].",
    "The information that would have changed the picture was held by another agency and was "
    "not visible at the time [{ch}].",
    "{prof} had seen {child} on several occasions without concern, which set expectations "
    "for this contact [{ch}].",
    "The procedure did not say what to do when a parent declines a visit [{src}].",
    "Practitioners described feeling that asking about {partner} risked the relationship "
    "with {mother} [{src}].",
)

FINDING_THEMES = (
    "Men in the household are invisible to universal services",
    "Professionals rely on the parent's account of injuries to non-mobile babies",
    "Step-down from children's social care loses the history of the case",
    "Missed health appointments are not treated as a safeguarding signal",
    "Adult services do not routinely ask about children in the household",
    "Domestic abuse risk assessments are graded on the incident rather than the pattern",
    "Information shared by secure email is not acted on by the receiving agency",
    "The voice of the child is recorded but not used in decisions",
    "Referrals that do not meet the threshold receive no feedback",
    "Practitioners lack time for reflective supervision on complex cases",
    "Neglect is assessed episode by episode rather than cumulatively",
    "Family members who raise concerns informally are not heard",
    "Electronic records do not show earlier concerns at the point of contact",
    "Strategy discussions rarely include health practitioners who know the family",
    "Escalation between agencies depends on individual confidence",
    "Cooperative parents are assumed to be protective parents",
)

FINDING_QUESTIONS = (
    "How will the board know whether practitioners are asking about every adult in the household?",
    "What assurance does the board have that step-down plans carry the case history?",
    "Which agencies are responsible for acting on missed health appointments?",
    "How does the board test that adult services consider the children of their clients?",
    "What would need to change for practitioners to have time to reflect on complex cases?",
    "How will the board hear from families about whether their concerns were listened to?",
    "Is the board satisfied that information-sharing systems support, rather than hinder, "
    "practice?",
)

# Small writers ---------------------------------------------------------------------------------


def _q(text: str) -> str:
    """A TOML basic string; escaped by hand so the output never depends on a library version."""
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _ml(text: str) -> str:
    """A TOML multi-line basic string, for long prose such as terms of reference."""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"""\n' + body + '"""'


def _list(items: list[str]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def _month_year(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def _sentence(text: str) -> str:
    """Capitalise a filled-in template that may begin with a name or role phrase."""
    return text[:1].upper() + text[1:]


def _decap(text: str) -> str:
    """Lower the first word for use after "the", unless it is an acronym such as GP."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() else text[:1].lower() + text[1:]


def _width(count: int, minimum: int) -> int:
    return max(minimum, len(str(count)))


# The model -------------------------------------------------------------------------------------


@dataclass
class Person:
    id: str
    name: str
    aliases: list[str]
    label: str
    role: str
    household: int | None = None  # household index for family members
    agency: int | None = None  # agency index for practitioners
    staff_role: str = ""


@dataclass
class Household:
    members: dict[str, Person] = field(default_factory=dict)  # child, sibling, mother, ...


@dataclass
class Agency:
    id: str
    kind: AgencyKind
    name: str
    record: str = ""  # its agency-record source id
    conversations: list[str] = field(default_factory=list)
    staff: list[Person] = field(default_factory=list)


@dataclass
class Source:
    id: str
    title: str
    kind: str
    agency: str
    requested: date
    received: date | None
    access: str
    non_cooperation: str
    location: str
    notes: str


@dataclass
class Entry:
    id: str
    date: date
    precision: str
    agency: int
    household: int
    what: str
    who: str
    source: str
    significance: str


@dataclass
class Episode:
    id: str
    anchor: int
    entries: list[Entry]


# Role phrases used when a household lacks someone (tiny --people values).
ROLE_PHRASES = {
    "child": "the child",
    "sibling": "the sibling",
    "mother": "the mother",
    "partner": "the mother's partner",
    "father": "the father",
    "relative": "a relative",
}


class _Generator:
    """Builds the fictional review in memory, then writes it; one Random drives every choice."""

    def __init__(self, scale: int, people: int | None, seed: int) -> None:
        if scale < 1:
            raise ValueError("scale must be at least 1")
        self.rng = random.Random(seed)
        self.scale = scale
        self.n_people = 20 * scale if people is None else people
        if self.n_people < 1:
            raise ValueError("people must be at least 1")
        self.area = self.rng.choice(AREAS)
        self.files: dict[str, str | bytes] = {}
        self.used_names: set[str] = set()
        self.used_aliases: set[str] = set()

    # -- people -----------------------------------------------------------------------------

    def _split(self, entry: str) -> tuple[str, str]:
        first, _, short = entry.partition(":")
        return first, short

    def _new_name(self, female: bool, surname: str | None = None) -> tuple[str, str]:
        """A full name not yet used, and its short-form alias ("" when there is none)."""
        pool = FEMALE_NAMES if female else MALE_NAMES
        for attempt in range(60):
            first, short = self._split(self.rng.choice(pool))
            last = surname if surname and attempt < 20 else self.rng.choice(SURNAMES)
            name = f"{first} {last}"
            if attempt >= 40:  # the name space is crowded: add a middle name
                middle, _ = self._split(self.rng.choice(pool))
                name = f"{first} {middle} {last}"
            if name not in self.used_names:
                self.used_names.add(name)
                alias = f"{short} {last}" if short else ""
                return name, alias
        n = len(self.used_names)
        name = f"{first} {last}"
        while name in self.used_names:  # a double-barrelled surname, as a last resort
            n += 1
            name = f"{first} {last}-{SURNAMES[n % len(SURNAMES)]}{n // len(SURNAMES) or ''}"
        self.used_names.add(name)
        return name, ""

    def _aliases(self, short: str, extra: list[str]) -> list[str]:
        """Aliases unique across the register, so every alias points at one person."""
        out = []
        for alias in [short, *extra]:
            if alias and alias not in self.used_aliases and alias not in self.used_names:
                self.used_aliases.add(alias)
                out.append(alias)
        return out

    def build_people(self, agencies: list[Agency]) -> None:
        rng = self.rng
        total = self.n_people
        family_quota = max(1, round(total * 0.35)) if total > 1 else 1
        width = _width(total, 2)
        self.people: list[Person] = []
        self.households: list[Household] = []
        counters = {"child": 0, "adult": 0}
        staff_counters: dict[str, int] = {}

        def add(role: str, label: str, female: bool, surname: str | None, **kw) -> Person:
            name, short = self._new_name(female, surname)
            extra = []
            first, *_, last = name.split()
            if first in OTHER_SPELLINGS and rng.random() < 0.6:
                extra.append(f"{OTHER_SPELLINGS[first]} {last}")
            pid = f"P-{len(self.people) + 1:0{width}d}"
            person = Person(pid, name, self._aliases(short, extra), label, role, **kw)
            self.people.append(person)
            return person

        def child_label() -> str:
            counters["child"] += 1
            return "Child A" if counters["child"] == 1 else f"Child {counters['child'] - 1}"

        def adult_label() -> str:
            counters["adult"] += 1
            return f"Adult {counters['adult']}"

        while len(self.people) < family_quota:
            h = len(self.households)
            home = Household()
            self.households.append(home)
            family_name = rng.choice(SURNAMES)
            plan = [("child", "child", None), ("mother", "parent", True)]
            if rng.random() < 0.8:
                plan.append(("sibling", "child", None))
            if rng.random() < 0.75:
                plan.append(("partner", "other", False))
            if rng.random() < 0.6:
                plan.append(("father", "parent", False))
            if rng.random() < 0.6:
                plan.append(("relative", "relative", True))
            for key, role, female in plan:
                if len(self.people) >= family_quota:
                    break
                is_female = rng.random() < 0.5 if female is None else female
                surname = family_name if key in ("child", "sibling", "mother") else None
                label = child_label() if role == "child" else adult_label()
                home.members[key] = add(role, label, is_female, surname, household=h)

        for i in range(total - len(self.people)):
            agency = agencies[i % len(agencies)]
            staff_role = agency.kind.staff[(i // len(agencies)) % len(agency.kind.staff)]
            staff_counters[staff_role] = staff_counters.get(staff_role, 0) + 1
            label = f"the {staff_role} {staff_counters[staff_role]}"
            person = add(
                "professional",
                label,
                rng.random() < 0.7,
                None,
                agency=i % len(agencies),
                staff_role=staff_role,
            )
            agency.staff.append(person)

    def call(self, person: Person | None, fallback: str) -> str:
        """How prose refers to someone: their name or, now and then, an alias."""
        if person is None:
            return fallback
        if person.aliases and self.rng.random() < 0.25:
            return self.rng.choice(person.aliases)
        return person.name

    def household_fields(self, h: int) -> dict[str, str]:
        """Names for a template's placeholders: the household's people, school and home."""
        members = self.households[h].members
        fields = {key: self.call(members.get(key), phrase) for key, phrase in ROLE_PHRASES.items()}
        for key, noun, fallback in (
            ("school", "the primary school", "school"),
            ("home", "the family home", "the home"),
        ):
            places = self.places_by_label.get(noun)
            if places:
                name, aliases = places[h % len(places)]
                use_alias = aliases and self.rng.random() < 0.25
                fields[key] = self.rng.choice(aliases) if use_alias else name
            else:
                fields[key] = fallback
        return fields

    def prof(self, agency: Agency) -> str:
        if agency.staff and self.rng.random() < 0.7:
            return self.call(self.rng.choice(agency.staff), "")
        return "the " + _decap(agency.kind.who)

    # -- register extras ----------------------------------------------------------------------

    def build_places(self) -> None:
        """Places, one kind after another so that even scale 1 has a school and a home."""
        rng = self.rng
        count = 4 * self.scale
        stems = list(PLACE_STEMS)
        rng.shuffle(stems)
        width = _width(count, 2)
        self.places: list[tuple[str, str, list[str], str]] = []
        self.places_by_label: dict[str, list[tuple[str, list[str]]]] = {}
        for i in range(count):
            kind, noun = PLACE_KINDS[i % len(PLACE_KINDS)]
            n = i // len(PLACE_KINDS)
            stem = stems[n % len(stems)]
            qual = PLACE_QUALIFIERS[(n // len(stems)) % len(PLACE_QUALIFIERS)]
            lap = n // (len(stems) * len(PLACE_QUALIFIERS))
            suffix = f" (site {lap + 1})" if lap else ""
            if kind == "Close":
                name = f"{rng.randint(1, 98)} {qual}{stem} Close{suffix}"
                alias = [] if lap else [f"{qual}{stem} Close"]
            else:
                name = f"{qual}{stem} {kind}{suffix}"
                alias = [] if qual or lap else [stem]
            aliases = [a for a in alias if a not in self.used_aliases]
            self.used_aliases.update(aliases)
            places = self.places_by_label.setdefault(noun, [])
            places.append((name, aliases))
            label = f"{noun} {len(places)}"
            self.places.append((f"PL-{i + 1:0{width}d}", name, aliases, label))

    def build_named(self, prefix: str, kinds, count: int) -> list[tuple[str, str, str]]:
        """Organisations or terms: area x kind combinations, unique names and labels."""
        areas = [a for a in AREAS if a != self.area]
        combos = [(a, k) for k in kinds for a in areas]
        self.rng.shuffle(combos)
        width = _width(count, 2)
        label_counts: dict[str, int] = {}
        out = []
        for i in range(count):
            area, (pattern, noun) = combos[i % len(combos)]
            name = pattern.format(area=area)
            if i >= len(combos):
                name = f"{name} {i // len(combos) + 1}"
            label_counts[noun] = label_counts.get(noun, 0) + 1
            out.append((f"{prefix}-{i + 1:0{width}d}", name, f"{noun} {label_counts[noun]}"))
        return out

    # -- agencies, sources, chronology -------------------------------------------------------

    def build_agencies(self) -> list[Agency]:
        count = 6 * self.scale
        kinds = AGENCY_KINDS
        seen: dict[str, int] = {}
        agencies = []
        for i in range(count):
            kind = kinds[i % len(kinds)]
            seen[kind.slug] = seen.get(kind.slug, 0) + 1
            if count <= len(kinds):
                slug, name = kind.slug, kind.name
            else:
                n = seen[kind.slug]
                per_kind = -(-count // len(kinds))
                slug = f"{kind.slug}-{n:0{_width(per_kind, 2)}d}"
                name = f"{kind.name}, locality {n}"
            agencies.append(Agency(slug, kind, name))
        return agencies

    def build_dates(self) -> None:
        rng = self.rng
        self.start = date(2022, 9, 1) + timedelta(days=rng.randrange(0, 120))
        self.end = self.start + timedelta(days=rng.randrange(430, 560))
        self.referral = self.end + timedelta(days=rng.randrange(2, 9))
        self.decision = self.referral + timedelta(days=rng.randrange(14, 29))
        self.commissioned = self.decision + timedelta(days=rng.randrange(10, 25))
        self.report_due = self.commissioned + timedelta(days=rng.randrange(230, 280))

    def build_sources(self, agencies: list[Agency]) -> list[Source]:
        rng = self.rng
        count = 15 * self.scale
        width = _width(count, 3)
        sources: list[Source] = []
        other_kinds = (
            "practitioner conversation",
            "practitioner conversation",
            "practitioner conversation",
            "family conversation",
            "policy/procedure",
            "policy/procedure",
            "audit",
            "inspection",
            "performance data",
        )

        def received_after(requested: date) -> date:
            return requested + timedelta(days=rng.randrange(5, 45))

        for i in range(count):
            sid = f"SRC-{i + 1:0{width}d}"
            requested = self.commissioned + timedelta(days=rng.randrange(3, 60))
            if i < len(agencies):
                agency = agencies[i]
                agency.record = sid
                partial = rng.random() < 0.15
                sources.append(
                    Source(
                        sid,
                        f"{agency.name} records for the household",
                        "agency record",
                        agency.id,
                        requested,
                        received_after(requested),
                        "partial" if partial else "full",
                        "Records before the period were archived off-site and only a summary was "
                        "provided."
                        if partial
                        else "",
                        f"Partnership secure drive, SCR-{self.commissioned.year}-01/records/"
                        + agency.id,
                        "Electronic record and a scanned paper file.",
                    )
                )
                continue
            kind = other_kinds[(i - len(agencies)) % len(other_kinds)]
            if rng.random() < 0.05:
                kind = rng.choice(("ICT system", "other"))
            agency = rng.choice(agencies)
            roll = rng.random()
            access, why, received = "full", "", received_after(requested)
            if kind == "family conversation":
                if roll < 0.15:
                    access, why, received = (
                        "refused",
                        "The family member declined to take part in the review.",
                        None,
                    )
                elif roll < 0.3:
                    access, received = "pending", None
                elif roll < 0.45:
                    access, why = "partial", "Agreed to a short telephone conversation only."
            elif roll < 0.04:
                access, received = "pending", None
            title, agency_id, notes = self.source_text(kind, agency)
            if kind == "practitioner conversation" and access == "full":
                agency.conversations.append(sid)
            sources.append(
                Source(
                    sid,
                    title,
                    kind,
                    agency_id,
                    requested,
                    received,
                    access,
                    why,
                    f"Partnership secure drive, SCR-{self.commissioned.year}-01/"
                    + kind.lower().replace("/", "-").replace(" ", "-"),
                    notes,
                )
            )
        return sources

    def source_text(self, kind: str, agency: Agency) -> tuple[str, str, str]:
        rng = self.rng
        if kind == "practitioner conversation":
            role = rng.choice(agency.kind.staff)
            return (
                f"Conversation with the {role}, {agency.name.lower()}",
                agency.id,
                "Notes agreed with the practitioner.",
            )
        if kind == "family conversation":
            who = rng.choice(("the mother", "the maternal grandmother", "the father", "an aunt"))
            return f"Conversation with {who}", "", "Held at a place of the family's choosing."
        if kind == "policy/procedure":
            return (
                agency.kind.standard.format(area=self.area).rstrip("."),
                agency.id,
                "Version in force during the period under review.",
            )
        if kind == "audit":
            return (
                f"Audit of {rng.randint(12, 60)} comparable cases, {agency.name.lower()}",
                agency.id,
                "Single-agency audit commissioned for this review.",
            )
        if kind == "inspection":
            return (
                f"Inspection report on {agency.kind.name.lower()} services",
                "",
                "Published inspection report.",
            )
        if kind == "performance data":
            return (
                f"Caseload and vacancy figures, {agency.name.lower()}",
                agency.id,
                "Monthly figures for the period under review.",
            )
        if kind == "ICT system":
            return (
                f"Screenshots of the record system, {agency.name.lower()}",
                agency.id,
                "Shows what a practitioner saw on opening the record.",
            )
        return "Minutes of the partnership's learning event", "", "Approved minutes."

    def build_chronology(self, agencies: list[Agency]) -> list[Entry]:
        rng = self.rng
        count = 50 * self.scale
        span = (self.end - self.start).days
        raw = []
        for _ in range(count):
            d = self.start + timedelta(days=rng.randrange(0, span + 1))
            precision = "day"
            roll = rng.random()
            if roll < 0.07 and d.replace(day=1) >= self.start:
                d, precision = d.replace(day=1), "month"
            elif roll < 0.09 and date(d.year, 1, 1) >= self.start:
                d, precision = date(d.year, 1, 1), "year"
            elif roll < 0.15:
                precision = "approximate"
            a = rng.randrange(len(agencies))
            h = 0 if rng.random() < 0.4 else rng.randrange(len(self.households))
            raw.append((d, a, rng.random(), precision, h))
        raw.sort()
        width = _width(count, 4)
        entries = []
        for i, (d, a, _, precision, h) in enumerate(raw):
            agency = agencies[a]
            names = self.household_fields(h)
            what = _sentence(rng.choice(agency.kind.what).format(**names))
            significance = ""
            if rng.random() < 0.7:
                significance = _sentence(rng.choice(SIGNIFICANCE).format(**names))
            source = agency.record
            if agency.conversations and rng.random() < 0.1:
                source = rng.choice(agency.conversations)
            entries.append(
                Entry(
                    f"CH-{i + 1:0{width}d}",
                    d,
                    precision,
                    a,
                    h,
                    what,
                    agency.kind.who,
                    source,
                    significance,
                )
            )
        return entries

    # -- episodes, findings, challenges ------------------------------------------------------

    def build_episodes(self, entries: list[Entry]) -> list[Episode]:
        rng = self.rng
        count = 5 * self.scale
        picked = []
        for _ in range(count):
            anchor = rng.randrange(len(entries))
            first = entries[anchor]
            window = [
                e
                for e in entries[anchor + 1 : anchor + 60]
                if e.household == first.household
                and (e.agency == first.agency or rng.random() < 0.3)
            ]
            chosen = [first, *window[: rng.randint(1, 4)]]
            picked.append((first.date, anchor, chosen))
        picked.sort(key=lambda p: (p[0], p[1]))
        width = _width(count, 2)
        return [
            Episode(f"KPE-{i + 1:0{width}d}", anchor, chosen)
            for i, (_, anchor, chosen) in enumerate(picked)
        ]

    def narrative(self, entry: Entry) -> str:
        """A chronology entry retold for published prose: month, not day (no exact dates)."""
        when = _month_year(entry.date)
        if entry.precision == "year":
            when = str(entry.date.year)
        body = _decap(entry.what).rstrip(".")
        lead = "around" if entry.precision == "approximate" else "in"
        return _sentence(f"{lead} {when} the {body} [{entry.id}].")

    def conversation(self, agency: Agency) -> str:
        return self.rng.choice(agency.conversations) if agency.conversations else agency.record

    def episode_text(self, ep: Episode, agencies: list[Agency]) -> tuple[str, str]:
        rng = self.rng
        first = ep.entries[0]
        agency = agencies[first.agency]
        kind = agency.kind
        who = kind.who if kind.who == "GP" else kind.who.lower()
        title = f"The {who}'s response to {rng.choice(kind.concern)}, {_month_year(first.date)}"
        standard = kind.standard.format(area=self.area)
        factors = []
        for cat in rng.sample(FACTOR_CATEGORIES, rng.randint(1, 3)):
            evidence = [self.conversation(agency), rng.choice(ep.entries).id]
            typ = rng.choice(("contributory", "latent"))
            factors.append((cat, typ, FACTOR_TEXT[cat], evidence))
        fm = [
            f"id = {_q(ep.id)}",
            f"title = {_q(title)}",
            f"start = {ep.entries[0].date.isoformat()}",
            f"end = {ep.entries[-1].date.isoformat()}",
            f"chronology = {_list([e.id for e in ep.entries])}",
            f"standard = {_q(standard)}",
            f"hindsight_technique = {_q(rng.choice(HINDSIGHT))}",
        ]
        for cat, typ, text, evidence in factors:
            fm += [
                "",
                "[[factor]]",
                f"category = {_q(cat)}",
                f"type = {_q(typ)}",
                f"description = {_q(text)}",
                f"evidence = {_list(evidence)}",
            ]

        def fill(template: str) -> str:
            names = self.household_fields(first.household)
            names["prof"] = self.prof(agency)
            names["ch"] = rng.choice(ep.entries).id
            names["src"] = self.conversation(agency)
            return _sentence(template.format(**names))

        happened = [self.narrative(e) for e in ep.entries]
        appraisal = [fill(t) for t in rng.sample(APPRAISAL, rng.randint(2, 4))]
        rationality = [fill(t) for t in rng.sample(RATIONALITY, rng.randint(2, 3))]
        body = [
            f"# {title}",
            "",
            "## What happened",
            *happened,
            "",
            "## Appraisal of practice",
            *appraisal,
            "",
            "## Local rationality",
            *rationality,
        ]
        return title, "+++\n" + "\n".join(fm) + "\n+++\n" + "\n".join(body) + "\n"

    def finding_text(
        self,
        index: int,
        fid: str,
        episodes: list[Episode],
        usable: list[Source],
        agencies: list[Agency],
    ) -> tuple[str, str]:
        rng = self.rng
        theme = FINDING_THEMES[index % len(FINDING_THEMES)]
        lap = index // len(FINDING_THEMES)
        title = theme if lap == 0 else f"{theme} ({agencies[index % len(agencies)].name.lower()})"
        entry = rng.choice(episodes[0].entries)
        wide = [s for s in usable if s.kind in ("audit", "performance data", "inspection")]
        wide_src = rng.choice(wide or usable).id
        evidence = [e.id for e in episodes] + [entry.id, wide_src]
        names = self.household_fields(entry.household)
        kpes = ", ".join(f"[{e.id}]" for e in episodes)
        shows = [
            f"The pattern appears in {len(episodes)} of the key practice episodes {kpes}.",
            _sentence(
                f"{names['mother']} was seen regularly, but {names['partner']} was rarely "
                f"asked about [{entry.id}]."
            ),
            "Each agency recorded its part of the picture without knowing what the others held "
            f"[{episodes[-1].entries[-1].id}].",
        ]
        for ep in episodes[:2]:
            shows.append(self.narrative(rng.choice(ep.entries)))
        fm = [
            f"id = {_q(fid)}",
            f"title = {_q(title)}",
            f"priority = {index + 1}",
            f"evidence = {_list(evidence)}",
        ]
        questions = rng.sample(FINDING_QUESTIONS, rng.randint(2, 3))
        body = [
            f"# {title}",
            "",
            "## Finding",
            f"{theme}.",
            "This leaves children exposed to risks that no single agency can see.",
            "",
            "## How it showed in this case",
            *shows,
            "",
            "## Why it is underlying, not a quirk",
            "Practitioners in several agencies described the same way of working.",
            "The procedures and forms in use do not prompt a different approach "
            f"[{self.conversation(agencies[episodes[0].entries[0].agency])}].",
            "",
            "## How widespread, and how we know",
            "The panel's audit of comparable cases found the same pattern in most of them "
            f"[{wide_src}].",
            "Practitioners at the learning event recognised it from their own caseloads.",
            "",
            "## Why it matters",
            "Risk to children is underestimated when part of the household is not known.",
            "Plans are then built on an incomplete picture.",
            "",
            "## Questions for the board",
            *(f"- {q}" for q in questions),
            "",
            "## Counter-evidence considered",
            "Some practitioners did ask about every adult in the household, and recorded it well "
            f"[{rng.choice(episodes[-1].entries).id}].",
            "The panel concluded that this depended on individuals rather than on the system.",
        ]
        return title, "+++\n" + "\n".join(fm) + "\n+++\n" + "\n".join(body) + "\n"

    # -- whole files ---------------------------------------------------------------------------

    def add(self, rel: str, text: str) -> None:
        self.files[rel] = text

    def run(self) -> dict:
        rng = self.rng
        self.build_dates()
        agencies = self.build_agencies()
        self.build_people(agencies)
        self.build_places()
        orgs = self.build_named("ORG", ORG_KINDS, 2 * self.scale)
        terms = self.build_named("T", TERM_KINDS, 2 * self.scale)
        sources = self.build_sources(agencies)
        entries = self.build_chronology(agencies)
        episodes = self.build_episodes(entries)
        usable = [s for s in sources if s.access in ("full", "partial")]
        staff_names = self.review_people()

        self.write_review(staff_names)
        self.write_purpose()
        self.write_scope(agencies)
        for s in sources:
            self.write_source(s)
        for a_index, agency in enumerate(agencies):
            own = [e for e in entries if e.agency == a_index]
            self.write_chronology(agency, own)
        titles: dict[str, str] = {}
        for ep in episodes:
            titles[ep.id], text = self.episode_text(ep, agencies)
            self.add(f"episodes/{ep.id}.md", text)

        n_findings = 4 * self.scale
        width = _width(n_findings, 2)
        order = list(episodes)
        rng.shuffle(order)
        finding_ids = []
        for i in range(n_findings):
            fid = f"F-{i + 1:0{width}d}"
            mine = order[i::n_findings] or [rng.choice(episodes)]
            extra = rng.sample(episodes, min(len(episodes), rng.randint(0, 2)))
            cited = sorted({e.id: e for e in mine + extra}.values(), key=lambda e: e.id)
            titles[fid], text = self.finding_text(i, fid, cited, usable, agencies)
            self.add(f"findings/{fid}.md", text)
            finding_ids.append(fid)

        self.write_challenges(finding_ids, [e.id for e in episodes], staff_names)
        self.write_register(orgs, terms)
        self.write_report(finding_ids, titles, agencies, len(sources))
        markers = self.write_markers()
        self.add(".gitignore", "build/\n")
        return {
            "agencies": len(agencies),
            "sources": len(sources),
            "chronology": len(entries),
            "episodes": len(episodes),
            "findings": n_findings,
            "challenges": 2 * self.scale,
            "people": len(self.people),
            "places": len(self.places),
            "organisations": len(orgs),
            "terms": len(terms),
            "report_sections": 4,
            "markers": markers,
        }

    def review_people(self) -> dict[str, object]:
        """Reviewer and panel names: invented like the rest, but never registered people."""
        lead, _ = self._new_name(True)
        second, _ = self._new_name(False)
        supervisor, _ = self._new_name(True)
        panel = [self._new_name(self.rng.random() < 0.5)[0] for _ in range(3)]
        return {"leads": [f"Dr {lead}", second], "supervisor": supervisor, "panel": panel}

    def write_review(self, staff: dict) -> None:
        leads = staff["leads"]
        self.add(
            "review.toml",
            "\n".join(
                [
                    "schema = 1",
                    f'title = "Serious Case Review: Child A ({self.area})"',
                    'label = "Child A"',
                    'type = "SCR"',
                    f"partnership = {_q(self.area + ' Safeguarding Children Partnership')}",
                    f"lead_reviewers = {_list(leads)}",
                    f"supervisor = {_q(staff['supervisor'])}",
                    'model = "Learning Together"',
                    'stage = "running"',
                    "",
                    "[dates]",
                    f"incident = {self.end.isoformat()}",
                    f"referral = {self.referral.isoformat()}",
                    f"decision = {self.decision.isoformat()}",
                    f"commissioned = {self.commissioned.isoformat()}",
                    f"report_due = {self.report_due.isoformat()}",
                    "",
                ]
            ),
        )

    def write_purpose(self) -> None:
        d = self.commissioned
        factors = [
            (
                "criminal",
                "Police investigation into the injuries to Child A.",
                f"Parallel process protocol agreed with the police on {(d + timedelta(days=5))}; "
                "the review will not speak to the adults under investigation until charging "
                "decisions are made.",
            ),
            (
                "disciplinary",
                "One agency is considering disciplinary action against a practitioner.",
                "The agency has agreed that its process will not draw on the review's "
                "conversations with practitioners.",
            ),
            (
                "media",
                "Local press coverage of the incident.",
                "The partnership's communications lead handles all enquiries; practitioners have "
                "been told not to comment.",
            ),
        ]
        comms = [
            (
                "Partnership board members",
                d,
                "Written briefing and discussion at the board meeting.",
            ),
            (
                "Agency safeguarding leads",
                d + timedelta(days=7),
                "Letter setting out the purpose of the review and what is asked of each agency.",
            ),
            (
                "Practitioners directly involved",
                d + timedelta(days=21),
                "Briefing sessions by the lead reviewers, with a written summary.",
            ),
            (
                "The family",
                d + timedelta(days=28),
                "Letter from the independent chair, followed by an offer to meet.",
            ),
            (
                "The national panel",
                d + timedelta(days=2),
                "Notification of the decision to review.",
            ),
        ]
        fm = []
        for kind, desc, ack in factors:
            fm += [
                "[[complicating_factor]]",
                f"kind = {_q(kind)}",
                f"description = {_q(desc)}",
                f"acknowledged = {_q(ack)}",
                "",
            ]
        for audience, when, how in comms:
            fm += [
                "[[communication]]",
                f"audience = {_q(audience)}",
                f"date = {when.isoformat()}",
                f"how = {_q(how)}",
                "",
            ]
        body = [
            "# Purpose of the review",
            "",
            "The purpose of this review is organisational learning and improvement.",
            "It is not to apportion blame to individuals or agencies.",
            "It asks why practice happened as it did, so that the partnership can change the "
            "conditions that shaped it.",
            "The review will look at the whole system around Child A and the household, "
            "not only at the events before the incident.",
            "",
            "## Parallel processes",
            "The review runs alongside a police investigation and an agency's disciplinary "
            "process.",
            "The panel has agreed how information will be shared with each of them.",
        ]
        self.add("purpose.md", "+++\n" + "\n".join(fm[:-1]) + "\n+++\n" + "\n".join(body) + "\n")

    def write_scope(self, agencies: list[Agency]) -> None:
        tor = (
            "The review will consider multi-agency practice with Child A and the household.\n"
            "It will consider how agencies understood the adults in the household, including "
            "men who were not the children's fathers.\n"
            "It will consider how information was shared between agencies and acted on.\n"
            "It will identify what the partnership needs to change, and how it will know the "
            "change has worked.\n"
        )
        questions = (
            "How did professionals understand the role of the mother's partner in the household?",
            "How were injuries to the children explained, and how were the explanations tested?",
            "How did agencies share information, and what happened to it when it arrived?",
            "How was the voice of the children heard and used in decisions?",
            "What effect did caseloads, vacancies and reorganisation have on practice?",
            "How were concerns raised by the wider family received?",
        )
        lines = [
            f"terms_of_reference = {_ml(tor)}",
            "",
            "[period]",
            f"start = {self.start.isoformat()}",
            f"end = {self.end.isoformat()}",
            'rationale = "From the first referral about the household to the incident."',
            "",
        ]
        for i, question in enumerate(questions, 1):
            lines += [
                "[[line_of_enquiry]]",
                f'id = "LOE-{i:02d}"',
                f"question = {_q(question)}",
                "",
            ]
        for agency in agencies:
            lines += [
                "[[agency]]",
                f"id = {_q(agency.id)}",
                f"name = {_q(agency.name)}",
                f"role = {_q(agency.kind.role)}",
                "",
            ]
        lines += [
            "[proportionality]",
            "case_factors = "
            + _list(
                [
                    "Serious injury to a child under two.",
                    f"{len(agencies)} agencies involved over the period.",
                    "Several earlier referrals about the household.",
                ]
            ),
            "context_factors = "
            + _list(
                [
                    "A recent review in the area raised similar themes.",
                    "Children's social care was reorganised during the period.",
                ]
            ),
            'rationale = "A systems review is proportionate because the case factors suggest '
            "patterns across agencies and the context factors suggest they are not unique to "
            'this family."',
            "",
            "[methodology]",
            'model = "Learning Together (SCIE)"',
            'description = "A systems approach: key practice episodes, appraisal of practice, '
            'local rationality and findings about the wider system."',
            'techniques = ["practitioner learning event", "individual conversations", '
            '"case review panel", "single-agency audit"]',
            "",
            "[governance]",
            'conducted_by = "Two independent lead reviewers"',
            'quality_assured_by = "Review panel chaired by the partnership business manager"',
            f"signed_off_by = {_q(self.area + ' Safeguarding Children Partnership executive')}",
            "",
            "[involvement]",
            'family = "The family are invited to meet the lead reviewers once the police agree, '
            'and will see the report before publication."',
            'practitioners = "Individual conversations, then a learning event in month four, '
            'then feedback on the draft findings."',
            "",
        ]
        self.add("scope.toml", "\n".join(lines))

    def write_source(self, s: Source) -> None:
        lines = [
            f"id = {_q(s.id)}",
            f"title = {_q(s.title)}",
            f"kind = {_q(s.kind)}",
            f"agency = {_q(s.agency)}",
            f"requested = {s.requested.isoformat()}",
        ]
        if s.received:
            lines.append(f"received = {s.received.isoformat()}")
        lines += [
            f"access = {_q(s.access)}",
            f"non_cooperation = {_q(s.non_cooperation)}",
            f"location = {_q(s.location)}",
            f"notes = {_q(s.notes)}",
            "",
        ]
        self.add(f"sources/{s.id}.toml", "\n".join(lines))

    def write_chronology(self, agency: Agency, entries: list[Entry]) -> None:
        lines = [f"agency = {_q(agency.id)}"]
        for e in entries:
            lines += [
                "",
                "[[entry]]",
                f"id = {_q(e.id)}",
                f"date = {e.date.isoformat()}",
                f"precision = {_q(e.precision)}",
                f"what = {_q(e.what)}",
                f"who = {_q(e.who)}",
                f"source = {_q(e.source)}",
                f"significance = {_q(e.significance)}",
            ]
        self.add(f"chronology/{agency.id}.toml", "\n".join(lines) + "\n")

    def write_challenges(self, findings: list[str], episodes: list[str], staff: dict) -> None:
        rng = self.rng
        count = 2 * self.scale
        width = _width(count, 3)
        raisers = [staff["supervisor"], *staff["panel"]]
        span = (self.report_due - self.commissioned).days
        for i in range(count):
            cid = f"CHL-{i + 1:0{width}d}"
            target = rng.choice(findings if rng.random() < 0.6 else episodes)
            raised = self.commissioned + timedelta(days=rng.randrange(60, max(61, span - 20)))
            status = rng.choice(("open", "responded", "resolved", "resolved", "impasse"))
            challenge = rng.choice(
                (
                    f"The evidence for [{target}] rests mainly on one agency's records.",
                    f"Is [{target}] a finding about the system, or about one practitioner?",
                    f"The appraisal in [{target}] reads as if the outcome was known at the time.",
                )
            )
            response = {
                "open": "",
                "responded": "The reviewers have set out the further evidence in the panel notes.",
                "resolved": rng.choice(
                    (
                        "The panel has added evidence from a second agency's audit.",
                        "The wording now describes the conditions, not the individual.",
                    )
                ),
                "impasse": "The reviewers do not agree, for the reasons recorded at the panel "
                "meeting.",
            }[status]
            lines = [
                "+++",
                f"id = {_q(cid)}",
                f"target = {_q(target)}",
                f"raised_by = {_q(rng.choice(raisers))}",
                f"raised = {raised.isoformat()}",
                f"status = {_q(status)}",
                "+++",
                "## Challenge",
                challenge,
                "Please set out what else supports it.",
                "",
                "## Response",
            ]
            if response:
                lines.append(response)
            self.add(f"challenges/{cid}.md", "\n".join(lines) + "\n")

    def write_register(self, orgs, terms) -> None:
        lines: list[str] = []
        for p in self.people:
            lines += [
                "[[person]]",
                f"id = {_q(p.id)}",
                f"name = {_q(p.name)}",
                f"aliases = {_list(p.aliases)}",
                f"label = {_q(p.label)}",
                f"role = {_q(p.role)}",
                "",
            ]
        for pid, name, aliases, label in self.places:
            lines += [
                "[[place]]",
                f"id = {_q(pid)}",
                f"name = {_q(name)}",
                f"aliases = {_list(aliases)}",
                f"label = {_q(label)}",
                "",
            ]
        for table, rows in (("organisation", orgs), ("term", terms)):
            for rid, name, label in rows:
                lines += [
                    f"[[{table}]]",
                    f"id = {_q(rid)}",
                    f"name = {_q(name)}",
                    "aliases = []",
                    f"label = {_q(label)}",
                    "",
                ]
        holders: dict[str, list[Person]] = {}
        for p in self.people:
            holders.setdefault(p.name.split()[-1], []).append(p)
        for surname in sorted(holders):
            group = holders[surname]
            if len(group) < 2:
                continue
            homes = {p.household for p in group}
            if len(homes) == 1 and None not in homes:
                h = homes.pop()
                label = "the family" if h == 0 else f"family {h + 1}"
            elif homes == {None}:
                label = "the practitioner"
            else:
                label = "the person concerned"
            lines += ["[[surname]]", f"name = {_q(surname)}", f"label = {_q(label)}", ""]
        allows = [
            (self.area, "the partnership's area, named in the publication"),
            ("Learning Together", "the name of the review model"),
            ("SCIE", "the Social Care Institute for Excellence"),
            ("GP", "a professional role, not an identifier"),
            *((m, "month name, not an identifier") for m in MONTHS),
        ]
        for text, reason in allows:
            lines += ["[[allow]]", f"text = {_q(text)}", f"reason = {_q(reason)}", ""]
        self.add("register.toml", "\n".join(lines))

    def write_report(self, findings: list[str], titles: dict[str, str], agencies, n_src) -> None:
        partnership = f"{self.area} Safeguarding Children Partnership"
        sections = {
            "01-introduction.md": [
                "# Introduction",
                "",
                f"This review was commissioned by {partnership} after a serious injury to Child A.",
                "Child A lived with their mother, a sibling and, for part of the period, the "
                "mother's partner.",
                f"The period under review runs from {_month_year(self.start)} to "
                f"{_month_year(self.end)}.",
            ],
            "02-methodology.md": [
                "# The review process",
                "",
                "The review used the Learning Together model developed by SCIE.",
                f"It drew on {n_src} sources from {len(agencies)} agencies, including "
                "conversations with practitioners and the family.",
                "Key practice episodes were appraised against the standards in force at the time.",
            ],
            "03-findings.md": [
                "# Findings",
                "",
                "The review makes the following findings, in order of priority.",
                *(f"Finding {i}: {titles[f]} [{f}]." for i, f in enumerate(findings, 1)),
            ],
            "04-conclusion.md": [
                "# Conclusion",
                "",
                "The injuries to Child A could not have been predicted from any single contact.",
                "Taken together, the contacts show a system that did not see the whole household.",
                "The board's response to the questions in each finding will be published with "
                "this report.",
            ],
        }
        for name, lines in sections.items():
            self.add(f"report/{name}", "\n".join(lines) + "\n")

    def write_markers(self) -> int:
        """Copy the shipped markers when the repository has them; else five minimal ones."""
        shipped = sorted(TEMPLATE_MARKERS.glob("*.toml")) if TEMPLATE_MARKERS.is_dir() else []
        if shipped:
            for path in shipped:
                self.files[f"markers/{path.name}"] = path.read_bytes()
            return len(shipped)
        markers = (
            ("clarity-of-purpose", "Clarity of purpose", "setting up the review", ["purpose"]),
            ("form-and-focus", "Form and focus of the review", "running the review", ["scope"]),
            (
                "assembling-information",
                "Assembling information",
                "running the review",
                ["sources", "chronology"],
            ),
            ("analysis", "Analysis", "running the review", ["episodes", "findings"]),
            ("the-report", "The report", "review outputs", ["findings", "report"]),
        )
        for mid, title, stage, parts in markers:
            lines = [
                f"id = {_q(mid)}",
                f"title = {_q(title)}",
                f"stage = {_q(stage)}",
                f"parts = {_list(parts)}",
                'source = "Serious Case Review Quality Markers (SCIE and NSPCC, 2016)"',
                f'statement = """The review meets the marker for {title.lower()}."""',
                'rationale = """Placeholder written by the benchmark generator."""',
                "",
                "[[guidance]]",
                'title = "Knowledge base"',
                'text = """\n- Generated placeholder guidance.\n"""',
                "",
            ]
            for q in range(1, 4):
                lines += [
                    "[[question]]",
                    f'id = "Q{q}"',
                    f"text = {_q(f'Is part {q} of the {title.lower()} marker met?')}",
                    f'status = "{("met", "partly", "not started")[q - 1]}"',
                    'note = ""',
                    "evidence = []",
                    "",
                ]
            self.add(f"markers/{mid}.toml", "\n".join(lines))
        return len(markers)


def generate(out_dir: Path, scale: int = 50, people: int | None = None, seed: int = 1) -> dict:
    """Write the review into out_dir (new or empty) and return what was written, by count."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty")
    gen = _Generator(scale, people, seed)
    counts = gen.run()
    total = 0
    for rel in sorted(gen.files):
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        content = gen.files[rel]
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    counts["files"] = len(gen.files)
    counts["bytes"] = total
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="new or empty directory to write")
    parser.add_argument("--scale", type=int, default=50, help="size multiplier (default 50)")
    parser.add_argument(
        "--people",
        type=int,
        default=None,
        help="person entries in the register (default 20 x scale)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = generate(args.out_dir, args.scale, args.people, args.seed)
    except (FileExistsError, ValueError) as exc:
        print(f"generate_review: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{k} {v}" for k, v in counts.items() if k not in ("files", "bytes"))
    print(
        f"wrote {counts['files']} files, {counts['bytes'] / 1e6:.2f} MB to {args.out_dir} "
        f"in {elapsed:.2f} s"
    )
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
