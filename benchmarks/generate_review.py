"""Generate a large, wholly fictional review workspace for benchmarks and stress tests.

The review follows docs/workspace.md exactly, so that `scr check` on it should be clean, and
it is deterministic: the same arguments always write byte-identical files, which keeps
benchmark figures comparable between runs and machines.

    python benchmarks/generate_review.py OUT_DIR [--scale 50] [--people N] [--seed 1]

Scale 1 is about the size of a real review (6 agencies, 15 sources, 50 chronology entries,
5 key practice episodes, 4 findings, 2 challenges); `--scale` multiplies those. Each record
is written to about the size of its kind in the shipped example review (a source file, a
chronology entry, an episode ... within 15% on average), so a larger scale means more records
of the same size, not more of smaller ones; the report sections stay the same size at any scale.
Every name, place and organisation is an invented combination of common words.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from scrtui.model import FACTOR_CATEGORIES  # the categories a review may use

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_MARKERS = REPO / "workspace_template" / "markers"
TEMPLATE_KINDS = REPO / "workspace_template" / "kinds"


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


def _letters(word: str) -> str:
    return "".join(c for c in word.casefold() if c.isalnum())


def _edits(a: str, b: str) -> int:
    """Edits from `a` to `b`, a swap of two neighbouring letters counting as one (optimal string
    alignment), as the residual detector counts them."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[len(b)]


def _near(word: str, name: str) -> bool:
    """Whether the residual detector would take `word` for a spelling of the registered `name`:
    the same, or within one edit (two for names of seven letters or more)."""
    word, name = _letters(word), _letters(name)
    return len(word) >= 4 and _edits(word, name) <= (1 if len(name) <= 6 else 2)


# The words of places and organisations, as the prose and the register write them. A name
# within an edit of one of them ("Holmes" and "Eastbridge Homes") would be reported as a near
# miss of that name wherever the place is mentioned, and the review would never build cleared,
# so such names are left out of the lists (the same ones every time: no randomness here).
PLACE_WORDS = sorted(
    {
        word
        for text in [
            *AREAS,
            *PLACE_STEMS,
            *PLACE_QUALIFIERS,
            *(kind for kind, _ in PLACE_KINDS),
            *(pattern for pattern, _ in ORG_KINDS + TERM_KINDS),
        ]
        for word in re.findall(r"[^\W\d_][\w'’-]*", text.replace("{area}", " "))
    }
)
SURNAMES = [name for name in SURNAMES if not any(_near(w, name) for w in PLACE_WORDS)]
FEMALE_NAMES = [
    entry
    for entry in FEMALE_NAMES
    if not any(_near(w, n) for n in entry.split(":") for w in PLACE_WORDS)
]
MALE_NAMES = [
    entry
    for entry in MALE_NAMES
    if not any(_near(w, n) for n in entry.split(":") for w in PLACE_WORDS)
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

# What each agency's record holds, what its standard expects, and how a chronology entry goes on
# after its first sentence. Keyed by the agency kind's slug.
RECORD_CONTENTS = {
    "health-visiting": "the antenatal, new birth and developmental review contacts, the growth "
    "charts, the maternal mood questionnaires and the team's caseload notes",
    "general-practice": "consultation notes, the appointment booking history, letters received "
    "from other services and the practice's safeguarding alerts",
    "childrens-social-care": "contact and screening records, the assessment, child in need plans "
    "and minutes, management decisions and case closure records",
    "police": "incident logs, domestic abuse risk assessments, notifications to children's social "
    "care, custody records and the history held on the adults in the household",
    "education": "the electronic safeguarding log, attendance records, the annual data collection "
    "forms and letters to and from the family",
    "emergency-department": "attendance records, the safeguarding questions completed at triage, "
    "discharge letters and liaison forms sent to community services",
    "midwifery": "the booking record, antenatal and postnatal contacts, notes of the vulnerable "
    "women's meeting and the discharge summary",
    "ambulance": "the call log, the patient report forms completed by the crews and the "
    "referrals made through the service hub",
    "housing": "the tenancy file, visit notes, repair requests and the record of action on rent "
    "arrears",
    "adult-mental-health": "the referral, the assessment and care plan, appointment letters and "
    "the discharge summary sent to the GP",
    "substance-misuse": "the assessment, the recovery plan, attendance records, test results and "
    "case notes",
    "early-help": "the early help assessment, the family plan and its reviews, notes of team "
    "around the family meetings and the closure summary",
}

# Reads on from "... which says that": the episode's `standard` and the policy source's notes.
STANDARD_DETAIL = {
    "health-visiting": "any bruise on a baby who is not independently mobile is referred the "
    "same day to children's social care and for a paediatric assessment, whatever the "
    "explanation, and health visitors ask about every adult who lives in or often visits the home",
    "general-practice": "practices act on safeguarding information received from other agencies, "
    "follow up children who are not brought to appointments, and record who lives in the "
    "household of a child with a safeguarding alert",
    "childrens-social-care": "contacts are screened within one working day, checks are made with "
    "every agency that knows the family before a decision of no further action, and the reasons "
    "for each decision are recorded and shared with the referrer",
    "police": "officers identify every child in the household, complete the risk assessment with "
    "the victim alone where possible, and notify children's social care the same day, grading "
    "risk on the history as well as the incident",
    "education": "staff pass every concern to the designated safeguarding lead the same day, the "
    "lead records the decision and its reasons, and a referral is made when a child may be at "
    "risk of harm",
    "emergency-department": "staff ask the safeguarding questions for every child who attends, "
    "consider whether the explanation fits the injury and the child's development, and send a "
    "liaison form to community services for every attendance by a child under five",
    "midwifery": "routine enquiry about domestic abuse is made at booking and in each later "
    "trimester when the woman is alone, and the midwife seeks a chance to see her alone when a "
    "partner attends",
    "ambulance": "crews record what they observe of the home and the people in it, and make a "
    "safeguarding referral through the service hub when a child's welfare is in doubt, without "
    "waiting for a diagnosis",
    "housing": "officers who visit a home report signs of neglect, or of an adult living at the "
    "property who is not on the tenancy, to the safeguarding lead, and repairs that affect "
    "children's health are put first",
    "adult-mental-health": "practitioners ask every adult client whether children live with them "
    "or are often in their care, consider the effect of the adult's condition on those children, "
    "and share concerns with children's services",
    "substance-misuse": "workers record every child who lives with or often sees the client, "
    "review the risk to those children at each change in drug or alcohol use, and share "
    "concerns with children's social care",
    "early-help": "a family plan is reviewed at least every six weeks, a family that stops "
    "taking part is discussed with a manager before the plan is closed, and every agency "
    "involved is told when the plan ends",
}

WHAT_DETAIL = {
    "health-visiting": (
        "The contact was written up in the free-text notes and the plan was not changed.",
        "{mother} said that {partner} helped with the children but did not live at {home}.",
        "Plan: universal contacts to continue, with a telephone call about mood in four weeks.",
        "The health visitor noted that {sibling} was at home and appeared well cared for.",
        "The next contact was booked for the following month and a reminder letter was sent.",
    ),
    "general-practice": (
        "The consultation lasted ten minutes, and the notes do not mention the safeguarding "
        "alert on the record.",
        "{mother} attended alone; {child} was not seen at this appointment.",
        "The entry was coded and a task was sent to the practice nurse to follow it up.",
        "No letter went to the health visitor, as the practice did not usually write for this "
        "kind of contact.",
        "The GP recorded that the family were known to the health visiting team.",
    ),
    "childrens-social-care": (
        "The decision and its reasons were recorded by the team manager the same day.",
        "Checks were made with the police and the school; health visiting was not asked.",
        "{mother} was told of the outcome by letter, but the referrer was not told.",
        "The worker noted that {partner} was said to visit the home, but he was not spoken to.",
        "The case note records what {child} said, in the child's own words.",
    ),
    "police": (
        "Officers recorded that the children were asleep upstairs and were not spoken to.",
        "{mother} declined to make a statement and said the argument had been about money.",
        "A supervisor reviewed the risk assessment the next day and did not change the grading.",
        "The history held on {partner} was not checked while officers were at the address.",
        "The notification was generated automatically and reached the front door service two "
        "days later.",
    ),
    "education": (
        "The concern was logged on the school's safeguarding system and read by the designated "
        "safeguarding lead the same day.",
        "{child} told the class teacher that things were all right now and did not want to say "
        "more.",
        "{relative} collected {child} that afternoon and said the family were under strain.",
        "The school decided to keep watch and to speak to {mother} at the end of the week.",
        "Attendance for the term had fallen below the level at which the school's own policy "
        "asks for a meeting.",
    ),
    "emergency-department": (
        "The triage record shows that the nurse, not the doctor, completed the safeguarding "
        "questions.",
        "The explanation given by {mother} was recorded as consistent with the injury.",
        "{partner} was present for part of the attendance and answered some of the questions.",
        "A discharge letter went to the GP, but no liaison form was sent to the health visitor.",
        "It was the second attendance in three months, which the first screen of the record did "
        "not show.",
    ),
    "midwifery": (
        "The booking record lists the baby's father, not the adults who live in the household.",
        "Routine enquiry was marked as not asked, and no plan was made to ask at the next contact.",
        "{mother} said she had support from {relative} and did not want a referral to early help.",
        "The midwife recorded that {mother} seemed anxious, but gave no reason for the view.",
    ),
    "ambulance": (
        "The crew recorded that {mother} and another adult were present; the adult was not named.",
        "Observations were within normal limits on arrival at hospital.",
        "The hub received the referral and passed it to children's social care the next working "
        "day.",
    ),
    "housing": (
        "The officer recorded that {mother} seemed reluctant to let anyone into the property.",
        "A repair was raised and marked complete four weeks later, with no visit recorded.",
        "No referral was made; the officer said later that they had not known the children were "
        "known to other services.",
    ),
    "adult-mental-health": (
        "The assessment form asks whether there are children in the household, and the answer "
        "was left blank.",
        "{mother} said that caring for {child} and {sibling} left little time for appointments.",
        "A discharge letter went to the GP and did not mention the children.",
    ),
    "substance-misuse": (
        "The recovery plan set goals for alcohol use and did not mention the children.",
        "{partner} gave an address that was not the family home.",
        "The worker planned to review the assessment at the next appointment, which {partner} "
        "did not attend.",
    ),
    "early-help": (
        "The family plan included help with routines and with taking {child} to school.",
        "{mother} said that {partner} was not part of the household and did not need to be "
        "involved.",
        "The coordinator recorded that the plan would be reviewed in six weeks.",
        "The closure summary went to the school and the health visitor, but the GP was not told.",
    ),
}

# Follow-on sentences that fit an entry from any agency.
WHAT_DETAIL_ANY = (
    "The entry was written two days after the contact.",
    "No other agency was told of this contact at the time.",
    "The record does not say whether {child} was seen alone.",
    "The record names {mother} and the children but no other adult.",
)

SIGNIFICANCE = (
    "First contact with the household; {partner} was not present and no one asked who else "
    "lived there.",
    "The role of {partner} in the household was not explored, although he was mentioned by name.",
    "Information was not shared with other agencies at the time, so no one else knew of the "
    "concern.",
    "A concern was recorded but no referral was made, and no plan was set to review it.",
    "A referral was made to children's social care the same day, in line with the procedure.",
    "Consistent with the agreed plan; the contact was timely and the record is clear.",
    "{mother} described feeling isolated, which was not followed up at the next contact.",
    "The threshold for a strategy discussion was considered and judged not met, and the reasons "
    "were recorded.",
    "The voice of {child} is recorded in the child's own words, but the plan does not refer to it.",
    "A missed opportunity to see {child}, who had not been seen by any professional for some "
    "weeks.",
    "{relative} was raising concerns informally; they were noted but not treated as a referral.",
    "Important context for later events: the first sign that the household had changed.",
    "Another agency had recorded the same concern earlier in the year, which this practitioner "
    "could not see.",
    "The explanation was accepted without being checked with anyone else who knew the family.",
    "Good practice: the concern was written down clearly and passed to a manager the same day.",
    "The decision rested on the account given by {mother} alone.",
)

HINDSIGHT = (
    "Practitioner conversation reconstructing what was known on the day, with later records set "
    "aside; the outcome was withheld from the panel's first appraisal and discussed only after "
    "practice had been described in its own terms.",
    "Records read in date order by a panel member who did not know the outcome, with later "
    "entries hidden; the appraisal was then tested with the practitioners at the learning event, "
    "who said what was usual at the time.",
    "Appraisal against the procedure in force at the time rather than the current version, "
    "checked with the practitioners at the learning event; the panel recorded what each "
    "practitioner could see on the screen at each contact.",
    "Comparison with how the same team handled three similar cases in the same month, chosen by "
    "the agency's safeguarding lead without knowledge of this case, so that the panel could tell "
    "the usual from the unusual.",
    "The practitioners involved were asked to describe the contacts before being shown their own "
    "records, and a second panel member, who had not read the chronology, appraised the episode "
    "separately.",
)

FACTOR_TEXT = {
    "individual": (
        "The practitioner was new to the role and had not yet completed the service's "
        "safeguarding training, so the local procedure was known only in outline.",
        "The practitioner had known the family for several years and had seen them cope with "
        "earlier difficulties, which made a new concern look like more of the same.",
        "The practitioner was covering another worker's caseload as well as their own and saw "
        "the household for the first time at this contact.",
    ),
    "family-interaction": (
        "The mother presented as warm and cooperative, which reassured practitioners that the "
        "children were safe and drew attention away from the other adults in the home.",
        "The mother's partner was helpful and polite at visits, and left before practitioners "
        "had a chance to ask who he was or whether he lived there.",
        "The family cancelled and rearranged contacts often enough that each missed contact "
        "looked ordinary, and the pattern was visible only when the records were put together.",
    ),
    "task": (
        "The contact had a fixed agenda and no prompt to ask about other adults in the home; "
        "the tasks on the template were completed and the record looked finished.",
        "Routine enquiry about domestic abuse may only be made when the woman is alone, but "
        "there is no agreed way to create that chance; recording 'not asked' closes the task.",
        "The practitioner was asked to decide on the day from the information in front of them, "
        "and the procedure gave no time to gather the views of other agencies first.",
    ),
    "tools": (
        "The record system showed the episode in isolation, so earlier concerns were not visible "
        "on the screen used at the visit and could be found only by opening older entries.",
        "The record has a field for the baby's father, filled in at booking, and none for other "
        "adults living in or visiting the household; a new partner has nowhere to be recorded.",
        "Concerns are written in free text rather than coded, so a search or an alert cannot "
        "find them, and the next practitioner sees only what they happen to read.",
    ),
    "team": (
        "Supervision sessions had been cancelled for two months because of vacancies, and "
        "cases were discussed only when a practitioner asked for advice.",
        "The team relied on agency staff who did not know local procedures or which other "
        "services were working with the family.",
        "Cases were passed between workers as staff left, and each handover note summarised "
        "the most recent contact rather than the history.",
    ),
    "organisation": (
        "Caseloads in the team were well above the service's own limit, and practitioners "
        "described choosing which tasks could wait rather than which mattered most.",
        "The service measured the timeliness of decisions but not their quality, so a quick "
        "decision without checks counted as a success.",
        "Managers had been asked to close cases that no longer met the threshold, and the "
        "guidance did not say how to hand on what was known.",
    ),
    "interagency": (
        "Each agency held part of the picture and no meeting brought it together; the agencies "
        "that knew most about the household had no reason to talk to each other.",
        "Information passed between agencies by telephone messages and shared mailboxes, which "
        "left no record of whether it had reached the person who needed it.",
        "The agencies used different words for the same concern, so a referral described as "
        "low level by one service was read as routine by another.",
    ),
    "context": (
        "The service was reorganising its localities during the period under review, and "
        "families were moved between teams without a handover meeting.",
        "Demand on the service rose sharply during the period after a change in how other "
        "agencies made referrals, without any increase in staff.",
        "The area had recently seen a review with similar themes, and the actions from it were "
        "still being put in place when these contacts took place.",
    ),
}

APPRAISAL = (
    "The response was in line with the procedure in place at the time [{src}].",
    "{prof} recorded the concern clearly but did not share it with other agencies [{ch}].",
    "The view of {child} was not sought directly, and the record does not say why [{ch}].",
    "The role of {partner} in the household was not explored with {mother} [{ch}].",
    "Practice fell short of the expected standard because no chronology was consulted, so the "
    "earlier concerns were not weighed [{src}].",
    "The decision was recorded with a rationale, which is good practice [{ch}].",
    "A strategy discussion would have been expected under the local procedure [{src}].",
    "{prof} acted promptly and escalated the concern to a manager the same day [{ch}].",
    "The records do not show that {father} was contacted or that anyone asked whether he was "
    "still involved [{ch}].",
    "Each contact, taken alone, matched what practitioners at the learning event described as "
    "usual practice [{src}].",
    "The explanation given by {mother} was recorded but not tested against what other agencies "
    "knew [{ch}].",
    "The plan that followed did not say who would do what, or by when [{ch}].",
    "The concern was passed on, but nobody checked that it had been received and acted on [{ch}].",
    "The standard expects the practitioner to consider the whole household, and the record "
    "describes only {mother} and the children [{src}].",
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
    "The record showed a completed plan, so nothing on the screen suggested a gap; {prof} said "
    "that it looked done [{src}].",
    "The contact was one of several that day, and the practitioner had a fixed time for each "
    "family [{src}].",
    "Asking about a new adult in front of {mother} felt intrusive, and there was no agreed way to "
    "ask without causing offence [{src}].",
    "The team's managers had stressed timeliness, and closing the contact within the target "
    "was seen as doing the job well [{src}].",
    "{prof} believed that another service already knew and would act, which was a reasonable "
    "belief given what the record showed [{ch}].",
    "Nothing in the family's presentation on the day stood out from the other families on the "
    "caseload [{ch}].",
)

# The last word of an episode's local rationality: how it looked from the day.
RATIONALITY_SUMMARY = (
    "Seen from the day, the response made sense; the gaps appear only when the records of all "
    "the agencies are read together.",
    "Each decision followed from what the practitioner knew and what the service expected, "
    "which is why the same decisions are likely to be made again.",
    "None of the practitioners described the contacts as unusual, and nothing in the way the "
    "work was organised invited them to step back.",
)

# Sentences that add context to an episode's "What happened"; the second set needs more than
# one contact in the episode.
EPISODE_CONTEXT = (
    "What was recorded was not shared with any other agency at the time.",
    "The records do not show that anyone asked {mother} who else lived at the home.",
    "{relative} told the review that the family had been under strain during these months.",
    "The records do not say whether {child} was seen alone, or spoken to.",
)
EPISODE_CONTEXT_MANY = (
    "Between these contacts {child} was also seen by other services, which did not know of them.",
    "The later entries do not refer back to the earlier ones, although the same team made them.",
)

# Finding titles, each with the sentence that states it more exactly.
FINDING_THEMES = (
    (
        "Men in the household are invisible to universal services",
        "Records describe the mother and the children in detail, but the men who live in or "
        "visit the household are often unnamed, and no agency routinely checks what is known "
        "about them.",
    ),
    (
        "Professionals rely on the parent's account of injuries to non-mobile babies",
        "When a parent gives a plausible explanation, practitioners record it and move on, and "
        "the protocol that requires a referral whatever the explanation is not applied.",
    ),
    (
        "Step-down from children's social care loses the history of the case",
        "When a case closes to children's social care, the early help plan starts from the "
        "latest referral, and earlier concerns are summarised in a line or not passed on.",
    ),
    (
        "Missed health appointments are not treated as a safeguarding signal",
        "Each missed appointment is handled by the service that offered it, usually with a "
        "letter, and no one sees how many have been missed across services.",
    ),
    (
        "Adult services do not routinely ask about children in the household",
        "Adult mental health and drug and alcohol services record the client's own needs in "
        "detail, but the question about children is often left blank or asked only once.",
    ),
    (
        "Domestic abuse risk assessments are graded on the incident rather than the pattern",
        "Each call-out is assessed as a new event, so a household with many standard-risk "
        "incidents can stay at standard risk without any one of them prompting more.",
    ),
    (
        "Information shared by secure email is not acted on by the receiving agency",
        "Messages sent by secure email arrive in shared mailboxes, and the receiving agency has "
        "no agreed way to tell the sender that they have been read or acted on.",
    ),
    (
        "The voice of the child is recorded but not used in decisions",
        "Practitioners write down what children say, often in their own words, but the records "
        "rarely show how it changed a plan or a decision.",
    ),
    (
        "Referrals that do not meet the threshold receive no feedback",
        "A referrer whose concern is closed at the front door is often not told why, and so "
        "cannot judge whether to refer again when the next concern arises.",
    ),
    (
        "Practitioners lack time for reflective supervision on complex cases",
        "Supervision is used mainly to check the progress of tasks, and there is little time to "
        "step back and think about a family whose situation is not improving.",
    ),
    (
        "Neglect is assessed episode by episode rather than cumulatively",
        "Each report of poor home conditions or missed care is judged on its own, and the tools "
        "that could show the pattern over time are rarely used.",
    ),
    (
        "Family members who raise concerns informally are not heard",
        "When a grandparent or another relative raises a worry in passing, it is noted but not "
        "treated as a referral, and the relative is not asked what they have seen.",
    ),
    (
        "Electronic records do not show earlier concerns at the point of contact",
        "The screen a practitioner sees at a contact shows recent entries and appointments, "
        "while alerts and earlier concerns sit on screens that are rarely opened during a visit.",
    ),
    (
        "Strategy discussions rarely include health practitioners who know the family",
        "Strategy discussions are usually held between children's social care and the police "
        "at short notice, and health practitioners who know the family are invited late or not "
        "at all.",
    ),
    (
        "Escalation between agencies depends on individual confidence",
        "Practitioners who disagree with another agency's decision have an escalation "
        "procedure, but using it depends on their confidence and seniority, and those new in "
        "post rarely use it.",
    ),
    (
        "Cooperative parents are assumed to be protective parents",
        "A parent who keeps appointments and welcomes practitioners is taken to be protecting "
        "the children, and signs that do not fit that picture are explained away.",
    ),
)

FINDING_RISK = (
    "This leaves children exposed to risks that no single agency can see.",
    "As a result, concerns that would matter together are judged one at a time.",
    "The effect is that the professionals closest to a child can know the least about the "
    "household.",
)

FINDING_SHOWS = (
    "The practitioners involved described this as the usual way of working, not as a shortcut "
    "taken under pressure [{conv}].",
    "Nothing in the records suggests that anyone asked {mother} what had changed in the "
    "household [{ch}].",
    "When {relative} raised a worry, it was recorded but did not change the plan [{ch}].",
    "The agencies' records, read together for the first time by the panel, tell a different story "
    "from any one of them alone.",
)

FINDING_UNDERLYING = (
    "Practitioners in several agencies described the same way of working.",
    "The procedures and forms in use do not prompt a different approach [{conv}].",
    "The practitioners involved were experienced and knew the procedure; the problem was not a "
    "lack of knowledge or of care.",
    "The record systems make the usual approach the easy one, and any other approach depends on "
    "a practitioner remembering to take it.",
    "Managers check that tasks are completed on time, and the checks do not ask whether the "
    "whole household was considered.",
    "The same pattern appears in the work of more than one team, under different managers, which "
    "makes it unlikely to be a matter of one team's culture.",
    "Training covers the procedure, but not how to apply it when the work is shared between "
    "services.",
)

FINDING_WIDESPREAD = (
    "The panel's audit of comparable cases found the same pattern in most of them [{wide}].",
    "Practitioners at the learning event recognised it from their own caseloads.",
    "A review published in the area two years earlier described a similar problem, and the "
    "actions taken then have not changed it.",
    "Agencies' own figures show that the conditions behind it, high caseloads and vacancies "
    "among them, were common across the area during the period [{wide}].",
    "National reviews have reported the same theme, which suggests that it is not unique to this "
    "partnership.",
)

FINDING_MATTERS = (
    "Risk to children is underestimated when part of the household is not known.",
    "Plans are then built on an incomplete picture, and help is offered to the wrong person or "
    "not at all.",
    "Small signs of harm are easiest to act on early, while a child is still safe, and hardest "
    "to see when each agency holds only one of them.",
    "A system that relies on memory and goodwill will fail some of the time, and most often when "
    "practitioners are busy and the family seems to be coping.",
    "Families also lose out: a parent who needed support was not offered it, because no one saw "
    "the whole of what was happening.",
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
    "Should the procedure say who acts when more than one professional holds the same concern, "
    "and that each acts even when another is believed to be aware?",
    "How can messages between agencies about a child's safety reach the clinical record rather "
    "than a shared mailbox?",
    "Would a regular audit of this theme, reported to the board, help it to track progress?",
    "What would it take for record systems to show earlier concerns at the point of contact?",
    "How will the board know that practitioners feel able to challenge another agency's decision?",
)

FINDING_COUNTER = (
    "Some practitioners did ask about every adult in the household, and recorded it well [{ch}].",
    "The panel concluded that this depended on individuals rather than on the system.",
    "Some families will not give the information practitioners ask for, and practitioners "
    "cannot insist; the finding is about what the system makes likely, not about one refusal.",
    "The panel considered whether the finding reflects no more than the decisions of one "
    "practitioner; the pattern in the audit suggests that it does not [{wide}].",
    "It cannot be known whether different practice would have changed what happened to Child A, "
    "and the finding does not depend on it.",
)

NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)

RECORD_NOTES = (
    "A scanned paper file covers the years before the period and was read for context only.",
    "Disclosed under the partnership's information-sharing agreement; the agency's safeguarding "
    "lead confirmed in {month} that the disclosure was complete.",
    "A chronology prepared by the agency was checked against the original entries by a panel "
    "member, who found {few} entries that had been summarised too briefly.",
    "Printouts show the record as it appeared to the practitioner, including alerts, templates "
    "and the order in which entries were made.",
    "Some handwritten entries were hard to read and were typed up by the agency, with the "
    "originals available to the panel.",
    "The agency's own management review, written in {month}, is held with the record and was "
    "read alongside it.",
)

CONVERSATION_OPENING = (
    "Individual conversation with the {role} in {month}, with a colleague present for support.",
    "Conversation with the {role} by video in {month}, lasting about an hour.",
    "Joint conversation with the {role} and their line manager in {month}.",
)
CONVERSATION_NOTES = (
    "The practitioner described {concern}, what the service expected at each contact and what "
    "was usual at the time.",
    "They spoke about caseloads, supervision and the record system they used, and about what "
    "they would do differently now.",
    "They said that they had not known what other agencies held about the household until the "
    "review began.",
    "They described the training they had had on the local procedure and how often they had "
    "used it in the year before.",
)
CONVERSATION_CLOSING = (
    "Notes agreed with the practitioner.",
    "Notes read back and agreed; one correction about the order of events was made at the "
    "practitioner's request.",
)

FAMILY_NOTES = {
    "full": (
        "Met the lead reviewer and the partnership's family liaison officer in {month}, at a "
        "place of the family's choosing.",
        "{who} spoke about the household during the period, about which professionals had been "
        "helpful, and about what they wish they had been asked.",
        "Notes read back and agreed.",
    ),
    "partial": (
        "Telephone conversation with the lead reviewer in {month}, lasting about twenty minutes.",
        "{who} spoke briefly about the children's routines and about contact with the school and "
        "the GP practice.",
        "Notes sent by letter; no reply has been received.",
    ),
    "refused": (
        "A letter in {month} set out the purpose of the review and how the family's views would "
        "be used.",
        "The offer remains open until the report is finalised, and the family will be told "
        "before publication.",
    ),
    "pending": (
        "Deferred under the parallel process protocol until charging decisions are made.",
        "A letter in {month} explained the purpose of the review, and the family liaison officer "
        "will make contact again when the police agree.",
        "{who} has been told that the report will not be finalised without the offer of a meeting.",
    ),
}

POLICY_NOTES = (
    "A revised version was issued after the period; the panel appraised practice against the "
    "earlier one.",
    "Training on the procedure was offered by e-learning, and the agency could not say how many "
    "staff in the team had completed it.",
    "The procedure is on the partnership's website, but practitioners at the learning event said "
    "they usually relied on a one-page summary.",
    "The procedure does not say what should happen when more than one agency is involved in the "
    "same contact.",
)

AUDIT_NOTES = (
    "Cases were chosen at random from the same teams and months, without knowledge of the outcome.",
    "The results were presented to the panel in {month} and the agency has accepted them.",
    "The audit tool was agreed with the panel beforehand, and a second auditor checked a sample "
    "of the cases.",
)

INSPECTION_NOTES = (
    "The report judged the response to first contacts timely, but found that information from "
    "partner agencies was not always sought before decisions were made.",
    "It noted high caseloads and reliance on temporary staff in some teams, and the agency's "
    "action plan set targets for both.",
    "The panel read the report for context; it does not refer to this family.",
    "Inspectors found that supervision was regular but rarely reflective, and that records of "
    "decisions did not always give reasons.",
)

ICT_NOTES = (
    "Alerts from earlier contacts appear only on a second screen, and free-text entries cannot "
    "be searched by other teams.",
    "The system has a field for the child's father but none for other adults in the household.",
    "Records are not shared with other agencies' systems; messages travel by telephone or a "
    "shared mailbox.",
    "The template used at routine contacts has no prompt about injuries or about who lives in "
    "the home.",
)

CHALLENGE_FINDING = (
    "The evidence for [{t}] rests mainly on one agency's records, and the other agencies' "
    "records are cited only for dates.",
    "Is [{t}] a finding about the system, or about one practitioner's decisions on one day?",
    "[{t}] says the pattern is widespread, but the audit it cites covered only a small number "
    "of cases [{src}].",
    "[{t}] describes what did not happen, but says less about what made the usual way of working "
    "make sense.",
)
CHALLENGE_EPISODE = (
    "The appraisal in [{t}] reads as if the outcome was known at the time.",
    "The local rationality in [{t}] draws on one practitioner conversation [{src}], while the "
    "others involved are described only through their records.",
    "[{t}] treats the decision as a single moment, but the records suggest it was made over "
    "several contacts.",
)
CHALLENGE_MORE = (
    "The board cannot do much with a statement that staff should follow the procedure; what in "
    "the design of the work makes the current route the normal one?",
    "Please say what the change would cost, and who would carry the cost, since the board will "
    "ask.",
    "Would the practitioners involved recognise the account given here if they read it?",
    "In places the wording describes individuals rather than the conditions they worked in.",
    "It would help to know whether the same pattern appears in the records of a second agency.",
    "The account leans on the records, which say what was done but rarely why.",
)
CHALLENGE_MORE_FINDING = (
    "The counter-evidence should say what the panel looked for and did not find, as well as what "
    "it found.",
    "The questions for the board are broad, and the board may struggle to say when they have "
    "been answered.",
)
CHALLENGE_MORE_EPISODE = (
    "The standard quoted for the episode came into force partway through the period.",
    "The episode ends at the last contact, but the decisions it describes had effects for some "
    "weeks afterwards.",
)
CHALLENGE_ASK = (
    "Please set out what else supports it, and where that evidence comes from.",
    "Please consider a further conversation with the team manager, or asking other teams how "
    "they read the same record.",
    "Please check the wording with the agency's safeguarding lead before the next panel meeting.",
)
RESPONSES = {
    "responded": (
        "The reviewers have set out the further evidence in the panel notes.",
        "A second conversation with the team has been arranged, and the text will be revised "
        "once the notes are agreed.",
        "Further evidence from the records has been added to the draft, with where it comes from "
        "[{src}].",
        "The reviewers would welcome the supervisor's view on whether this is now enough.",
    ),
    "resolved": (
        "Agreed.",
        "The panel has added evidence from a second agency's audit [{src}].",
        "The wording now describes the conditions, not the individual.",
        "The text now says what a change would cost, and that it might not have altered the "
        "outcome in this case.",
        "The text now separates what was known at the time from what the panel learned later.",
        "The supervisor read the revised text in {month} and agreed it.",
    ),
    "impasse": (
        "The reviewers do not agree, for the reasons recorded at the panel meeting.",
        "The lead reviewers' view is that the records of the other agencies add nothing that "
        "would change the text.",
        "The supervisor's view is that the point stands, and that the text claims more than the "
        "evidence shows.",
        "The disagreement will be described in the report's account of the review process, and "
        "the board will be told of it.",
    ),
}

# Small writers ---------------------------------------------------------------------------------


_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def _q(text: str) -> str:
    """A TOML basic string; escaped by hand so the output never depends on a library version."""
    if not _NEEDS_ESCAPE.search(text):  # most prose: nothing to escape
        return f'"{text}"'
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


def _count(n: int) -> str:
    """A count in words up to twelve, as prose writes it; figures above."""
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


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
    event: str = ""  # the first sentence of `what`: the part retold in published prose
    details: tuple[str, ...] = ()  # the sentences of `what` after the first


@dataclass
class Episode:
    id: str
    anchor: int
    entries: list[Entry]


# Role phrases used when a household lacks someone (tiny --people values).
DOCTOR_ROLES = frozenset(
    (
        "GP",
        "GP safeguarding lead",
        "emergency department doctor",
        "paediatric registrar",
        "consultant psychiatrist",
    )
)

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
            if role != "child":  # records call adults by title and surname, in more than one way
                titles = ["Ms" if female else "Mr"]
                if kw.get("staff_role") in DOCTOR_ROLES:
                    titles = ["Dr"]
                elif female and role in ("parent", "relative"):
                    titles.append("Miss" if role == "parent" else "Mrs")
                extra += [f"{title} {last}" for title in titles]
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
        # the final report before the publication the guidance expects, six months in
        self.report_due = self.commissioned + timedelta(days=rng.randrange(120, 170))

    def build_sources(self, agencies: list[Agency]) -> list[Source]:
        rng = self.rng
        count = 15 * self.scale
        width = _width(count, 3)
        sources: list[Source] = []
        drive = f"Partnership secure drive, LCSPR-{self.commissioned.year}-01"
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
                received = received_after(requested)
                sources.append(
                    Source(
                        sid,
                        f"{agency.name} records for Child A, the sibling and the adults in the "
                        "household",
                        "agency record",
                        agency.id,
                        requested,
                        received,
                        "partial" if partial else "full",
                        "Records before the period were archived off-site and only a summary was "
                        "provided. The agency has asked its records contractor for the files; the "
                        "panel agreed to proceed on the summary in the meantime."
                        if partial
                        else "",
                        f"{drive}/records/{agency.id}",
                        self.record_notes(agency, received),
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
                        "The family member declined to take part in the review, saying that they "
                        "did not want to go over events again while the police investigation was "
                        "open.",
                        None,
                    )
                elif roll < 0.3:
                    access, received = "pending", None
                elif roll < 0.45:
                    access, why = (
                        "partial",
                        "Agreed to a short telephone conversation only, and did not wish to meet "
                        "the reviewers or to read the notes.",
                    )
            elif roll < 0.04:
                access, received = "pending", None
            when = received or requested + timedelta(days=14)
            title, agency_id, notes = self.source_text(kind, agency, access, when)
            if kind == "practitioner conversation" and access == "full":
                agency.conversations.append(sid)
            folder = kind.lower().replace("/", "-").replace(" ", "-")
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
                    f"{drive}/{folder}/{agency_id or 'partnership'}/{sid.lower()}",
                    notes,
                )
            )
        return sources

    def record_notes(self, agency: Agency, received: date) -> str:
        """Notes on an agency's record: what it holds and how it was checked."""
        rng = self.rng
        lines = [
            "Electronic record for the period under review, including "
            f"{RECORD_CONTENTS[agency.kind.slug]}.",
            *rng.sample(RECORD_NOTES, 2),
        ]
        return " ".join(lines).format(
            month=_month_year(received), few=rng.choice(NUMBER_WORDS[2:6])
        )

    def source_text(
        self, kind: str, agency: Agency, access: str, when: date
    ) -> tuple[str, str, str]:
        """Title, agency id and notes of a source that is not an agency's own record."""
        rng = self.rng
        month = _month_year(when)
        name = agency.name.lower()
        if kind == "practitioner conversation":
            role = rng.choice(agency.kind.staff)
            notes = [
                rng.choice(CONVERSATION_OPENING),
                *rng.sample(CONVERSATION_NOTES, 2),
                rng.choice(CONVERSATION_CLOSING),
            ]
            text = " ".join(notes).format(
                role=role, month=month, concern=rng.choice(agency.kind.concern)
            )
            return f"Conversation with the {role}, {name}", agency.id, text
        if kind == "family conversation":
            who = rng.choice(("the mother", "the maternal grandmother", "the father", "an aunt"))
            text = " ".join(FAMILY_NOTES[access]).format(month=month, who=_sentence(who))
            return f"Conversation with {who}", "", text
        if kind == "policy/procedure":
            standard = agency.kind.standard.format(area=self.area).rstrip(".")
            notes = [
                "Version in force during the period under review, which says that "
                f"{STANDARD_DETAIL[agency.kind.slug]}.",
                *rng.sample(POLICY_NOTES, 2),
            ]
            return standard, agency.id, " ".join(notes)
        if kind == "audit":
            cases = rng.randint(12, 60)
            same = rng.randint(cases // 3, 2 * cases // 3)
            noticed = rng.randint(1, max(1, same // 3))
            notes = [
                f"Single-agency audit of {cases} comparable cases from the period, commissioned "
                "for this review and carried out by the agency's safeguarding lead with a panel "
                "member.",
                f"In {same} of the {cases} cases the record showed the same pattern as in this "
                f"case, and in {noticed} of those a manager had noticed it at the time.",
                rng.choice(AUDIT_NOTES).format(month=month),
            ]
            return f"Audit of {cases} comparable cases, {name}", agency.id, " ".join(notes)
        if kind == "inspection":
            notes = ["Published inspection report covering the period under review."]
            notes += rng.sample(INSPECTION_NOTES, 3)
            title = f"Inspection report on the {agency.kind.name.lower()}"
            return title, "", " ".join(notes)
        if kind == "performance data":
            posts = rng.randint(8, 24)
            limit = rng.choice((18, 20, 22, 25, 300, 350, 400))
            notes = [
                "Monthly figures for the period under review, supplied by the agency's "
                "performance team.",
                f"Average caseloads ran at {round(limit * rng.uniform(1.1, 1.5))} against the "
                f"service's own limit of {limit}, and {rng.randint(2, posts // 3)} of {posts} "
                "posts were vacant at the busiest point.",
                f"Supervision completed on time fell to {rng.randint(40, 75)}% in the same "
                "quarter, during the reorganisation.",
                "The figures are for the whole service, not only the team that knew the family.",
            ]
            return f"Caseload and vacancy figures, {name}", agency.id, " ".join(notes)
        if kind == "ICT system":
            notes = [
                "Shows what a practitioner saw on opening the record, with screenshots taken by "
                "the agency's digital lead.",
                *rng.sample(ICT_NOTES, 3),
            ]
            return f"Screenshots of the record system, {name}", agency.id, " ".join(notes)
        notes = [
            "Approved minutes.",
            f"Held in {month} with practitioners and first-line managers from all the agencies "
            "involved; the case was worked through in date order with the outcome set aside.",
            "Groups described what they knew at each point and what was usual, and the minutes "
            "record where they disagreed.",
            "Practitioners were given the draft findings afterwards and their comments are "
            "attached.",
        ]
        return "Minutes of the partnership's learning event", "", " ".join(notes)

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
            event = _sentence(rng.choice(agency.kind.what).format(**names))
            pool = WHAT_DETAIL[agency.kind.slug] + WHAT_DETAIL_ANY
            details = tuple(
                _sentence(d.format(**names))
                for d in rng.sample(pool, 2 if rng.random() < 0.5 else 1)
            )
            what = " ".join((event, *details))
            significance = ""
            if rng.random() < 0.9:
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
                    event,
                    details,
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
        body = _decap(entry.event).rstrip(".")
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
        standard = (
            f"{kind.standard.format(area=self.area).rstrip('.')}: {STANDARD_DETAIL[kind.slug]}."
        )
        factors = []
        for cat in rng.sample(FACTOR_CATEGORIES, rng.randint(3, 5)):
            evidence = [self.conversation(agency), rng.choice(ep.entries).id]
            if rng.random() < 0.4:
                evidence.append(agency.record)
            typ = rng.choice(("contributory", "latent"))
            factors.append((cat, typ, rng.choice(FACTOR_TEXT[cat]), list(dict.fromkeys(evidence))))
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

        happened = []
        for e in ep.entries:  # each contact, then now and then what else its record says
            happened.append(self.narrative(e))
            if rng.random() < 0.5:
                happened.append(e.details[0])
        context = EPISODE_CONTEXT + (EPISODE_CONTEXT_MANY if len(ep.entries) > 1 else ())
        happened += [fill(t) for t in rng.sample(context, 2)]
        appraisal = [fill(t) for t in rng.sample(APPRAISAL, rng.randint(5, 6))]
        rationality = [fill(t) for t in rng.sample(RATIONALITY, rng.randint(4, 5))]
        rationality.append(rng.choice(RATIONALITY_SUMMARY))
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
        theme, statement = FINDING_THEMES[index % len(FINDING_THEMES)]
        lap = index // len(FINDING_THEMES)
        title = theme if lap == 0 else f"{theme} ({agencies[index % len(agencies)].name.lower()})"
        entry = rng.choice(episodes[0].entries)
        wide = [s for s in usable if s.kind in ("audit", "performance data", "inspection")]
        wide_src = rng.choice(wide or usable).id
        conv = self.conversation(agencies[episodes[0].entries[0].agency])
        evidence = [e.id for e in episodes] + [entry.id, wide_src, conv]
        names = self.household_fields(entry.household)
        kpes = ", ".join(f"[{e.id}]" for e in episodes)
        refs = {"conv": conv, "wide": wide_src}

        def fill(template: str, **more: str) -> str:
            ch = rng.choice(rng.choice(episodes).entries).id
            return _sentence(template.format(**names, **refs, ch=ch, **more))

        shows = [
            f"The pattern appears in {_count(len(episodes))} of the key practice episodes {kpes}.",
            _sentence(
                f"{names['mother']} was seen regularly, but {names['partner']} was rarely "
                f"asked about [{entry.id}]."
            ),
            "Each agency recorded its part of the picture without knowing what the others held "
            f"[{episodes[-1].entries[-1].id}].",
        ]
        for ep in episodes[:2]:
            shows.append(self.narrative(rng.choice(ep.entries)))
        shows += [fill(t) for t in rng.sample(FINDING_SHOWS, 3)]
        fm = [
            f"id = {_q(fid)}",
            f"title = {_q(title)}",
            f"priority = {index + 1}",
            f"evidence = {_list(list(dict.fromkeys(evidence)))}",
        ]
        questions = rng.sample(FINDING_QUESTIONS, 4)
        body = [
            f"# {title}",
            "",
            "## Finding",
            f"{theme}.",
            statement,
            rng.choice(FINDING_RISK),
            "",
            "## How it showed in this case",
            *shows,
            "",
            "## Why it is underlying, not a quirk",
            *(fill(t) for t in rng.sample(FINDING_UNDERLYING, 4)),
            "",
            "## How widespread, and how we know",
            *(fill(t) for t in rng.sample(FINDING_WIDESPREAD, 3)),
            "",
            "## Why it matters",
            *rng.sample(FINDING_MATTERS, 3),
            "",
            "## Questions for the board",
            *(f"- {q}" for q in questions),
            "",
            "## Counter-evidence considered",
            fill(FINDING_COUNTER[0]),
            FINDING_COUNTER[1],
            *(fill(t) for t in rng.sample(FINDING_COUNTER[2:], 2)),
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

        self.write_challenges(finding_ids, [e.id for e in episodes], staff_names, usable)
        self.write_register(orgs, terms, staff_names)
        self.write_report(finding_ids, titles, agencies, sources, (len(entries), len(episodes)))
        markers = self.write_markers()
        self.write_kinds()
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
                    f'title = "Local Child Safeguarding Practice Review: Child A ({self.area})"',
                    'label = "Child A"',
                    'kind = "lcspr"',
                    'type = "LCSPR"',
                    f"partnership = {_q(self.area + ' Safeguarding Children Partnership')}",
                    f"lead_reviewers = {_list(leads)}",
                    f"supervisor = {_q(staff['supervisor'])}",
                    'model = "Learning Together"',
                    'stage = "running"',
                    "",
                    "[dates]",
                    f"incident = {self.end.isoformat()}",
                    f"aware = {self.end.isoformat()}",
                    f"notification = {self.referral.isoformat()}",
                    f"decision = {self.decision.isoformat()}",
                    f"rapid_review = {self.decision.isoformat()}",
                    f"commissioned = {self.commissioned.isoformat()}",
                    f"report_due = {self.report_due.isoformat()}",
                    "",
                    "[sources]",
                    "overdue_after_days = 28",
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
                "The safeguarding partners (lead and delegated)",
                d,
                "Written briefing and discussion at the partnership's executive meeting.",
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
                "The Child Safeguarding Practice Review Panel",
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

    def write_challenges(
        self, findings: list[str], episodes: list[str], staff: dict, usable: list[Source]
    ) -> None:
        rng = self.rng
        count = 2 * self.scale
        width = _width(count, 3)
        raisers = [staff["supervisor"], *staff["panel"]]
        span = (self.report_due - self.commissioned).days
        for i in range(count):
            cid = f"CHL-{i + 1:0{width}d}"
            on_finding = rng.random() < 0.6
            target = rng.choice(findings if on_finding else episodes)
            raised = self.commissioned + timedelta(days=rng.randrange(60, max(61, span - 20)))
            status = rng.choice(("open", "responded", "resolved", "resolved", "impasse"))
            fields = {
                "t": target,
                "src": rng.choice(usable).id,
                "month": _month_year(raised + timedelta(days=rng.randrange(7, 28))),
            }
            opening = rng.choice(CHALLENGE_FINDING if on_finding else CHALLENGE_EPISODE)
            # An open challenge has no response yet, and asks for more instead.
            pool = CHALLENGE_MORE + (
                CHALLENGE_MORE_FINDING if on_finding else CHALLENGE_MORE_EPISODE
            )
            more = rng.sample(pool, rng.randint(4, 5) if status == "open" else rng.randint(2, 3))
            asks = rng.sample(CHALLENGE_ASK, 2 if status == "open" else 1)
            response = {
                "open": [],
                "responded": RESPONSES["responded"],
                "resolved": [
                    RESPONSES["resolved"][0],
                    *rng.sample(RESPONSES["resolved"][1:-1], rng.randint(2, 3)),
                    RESPONSES["resolved"][-1],
                ],
                "impasse": RESPONSES["impasse"],
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
                *(line.format(**fields) for line in (opening, *more, *asks)),
                "",
                "## Response",
                *(line.format(**fields) for line in response),
            ]
            self.add(f"challenges/{cid}.md", "\n".join(lines) + "\n")

    def write_register(self, orgs, terms, staff: dict | None = None) -> None:
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
            ("Royal College", "a professional body (Royal College of General Practitioners)"),
            *((m, "month name, not an identifier") for m in MONTHS),
        ]
        # The reviewers and the panel are named in the report by agreement, as in the
        # example; each word of their names is allowed, once.
        named = [] if staff is None else [*staff["leads"], staff["supervisor"], *staff["panel"]]
        words = dict.fromkeys(w for name in named for w in name.split() if w != "Dr")
        allows += [
            (w, "a reviewer or panel member, named in the report by agreement") for w in words
        ]
        for text, reason in allows:
            lines += ["[[allow]]", f"text = {_q(text)}", f"reason = {_q(reason)}", ""]
        self.add("register.toml", "\n".join(lines))

    def write_report(
        self,
        findings: list[str],
        titles: dict[str, str],
        agencies: list[Agency],
        sources: list[Source],
        counts: tuple[int, int],
    ) -> None:
        """The report's own sections. They name the highest-priority findings and point to the
        rest as a range, so that a section stays the size of a real one at any scale."""
        rng = self.rng
        partnership = f"{self.area} Safeguarding Children Partnership"
        n_entries, n_episodes = counts
        usable = [s for s in sources if s.access in ("full", "partial")]

        def first_of(kind: str, default: str) -> str:
            return next((s.id for s in usable if s.kind == kind), default)

        audit = first_of("audit", usable[0].id)
        figures = first_of("performance data", audit)
        talk = first_of("practitioner conversation", usable[0].id)
        family = first_of("family conversation", "")
        top, rest = findings[:4], findings[4:]
        total = _count(len(findings))
        event = _month_year(self.commissioned + timedelta(days=100))

        listed = [f"- {_decap(titles[f])} [{f}];" for f in top]
        listed[-1] = listed[-1][:-1] + "."
        intro = [
            "# Introduction",
            "",
            f"This report is about Child A, a young child who was seriously injured in "
            f"{_month_year(self.end)}, and about the professionals who knew the household in the "
            "months before.",
            f"The safeguarding partners of {partnership} commissioned this Local Child "
            f"Safeguarding Practice Review in {_month_year(self.commissioned)}, after a rapid "
            "review found that abuse was suspected and that the case raised questions about how "
            "agencies had worked together.",
            "The review is not an investigation of how Child A was injured or by whom; that is a "
            "matter for the criminal process, which was still open when this report was written.",
            "",
            "The purpose of the review is learning and improvement.",
            "It asks what professionals did, why it made sense to them at the time, and what in "
            "the wider system makes the same problems likely to happen again with other children.",
            "Where practice fell short, the report says so plainly, and then explains it.",
            "",
            f"The report has {total} findings about the local safeguarding system, each with "
            "questions for the safeguarding partners"
            + ("; those with the highest priority are:" if rest else ":"),
            "",
            *listed,
            "",
        ]
        if rest:
            intro.append(
                f"The other {_count(len(rest))} findings, [{rest[0]}] to [{rest[-1]}], follow "
                "in order of priority, each with its own questions."
            )
        intro += [
            "The family is described only as far as is needed to understand professional "
            "practice, and all names have been removed.",
        ]

        method = [
            "# The review process",
            "",
            "The review used the Learning Together systems approach developed by SCIE, led by "
            "two independent lead reviewers with a review team of senior managers from the "
            "agencies involved.",
            f"The period under review runs from {_month_year(self.start)} to "
            f"{_month_year(self.end)}, from the first referral about the household to the "
            "incident.",
            "",
            f"The review team read the records of all {_count(len(agencies))} agencies in date "
            f"order and built an integrated chronology of {n_entries} entries.",
            f"With the team, the lead reviewers chose {_count(n_episodes)} key practice "
            "episodes, appraised practice in each against the standard expected at the time, "
            "and sought to explain it from the point of view of the practitioners involved.",
            f"In all, the review drew on {len(sources)} sources, including individual "
            f"conversations with practitioners [{talk}] and a learning event in {event}.",
            "",
            "To limit hindsight bias, the first appraisal of each episode was made from the "
            "records and the relevant procedure alone, before the outcome was discussed.",
            "To test whether the practice seen in this case was typical, agencies audited "
            f"comparable cases [{audit}] and supplied figures on caseloads and vacancies "
            f"[{figures}].",
            "",
            f"Members of the wider family met the lead reviewers, and their views are reflected "
            f"in the report [{family}]."
            if family
            else "The wider family were invited to take part, and the offer remains open.",
            "Because of the criminal investigation, the review has not yet spoken with the "
            "adults under investigation; they will be offered the chance to take part after "
            "charging decisions are made.",
            "The lead reviewers had supervision and peer challenge throughout, and the "
            "challenges and responses are kept with the review's working papers.",
        ]

        summary = [
            "# Findings",
            "",
            f"The review makes {total} findings about the local safeguarding system, in order of "
            "priority.",
            "Each follows the same structure: the finding, how it showed in this case, why it is "
            "underlying rather than a quirk, how widespread it is, why it matters, questions for "
            "the board and the counter-evidence the panel considered.",
            "A finding is about the conditions that shape practice across the area, not about the "
            "practitioners who worked with this family.",
            "",
        ]
        for i, fid in enumerate(top):
            summary += [
                f"Finding {i + 1}: {titles[fid]} [{fid}].",
                FINDING_THEMES[i % len(FINDING_THEMES)][1],
                "",
            ]
        if rest:
            summary.append(
                f"Findings {len(top) + 1} to {len(findings)}, from [{rest[0]}] to "
                f"[{rest[-1]}], take the same themes into particular agencies and localities."
            )
        summary += [
            "Together the findings describe a system in which each agency saw part of the "
            "household and none saw the whole.",
            "The safeguarding partners are asked to answer the questions under each finding, and "
            "to say how they will know whether their answer has made a difference.",
        ]

        cited = " ".join(f"[{f}]" for f in top)
        conclusion = [
            "# Conclusion",
            "",
            "Child A was seen regularly by professionals who cared about the family, and several "
            "of them did what was expected of them.",
            rng.choice(
                (
                    "The police made their checks and told children's social care; the school "
                    "noticed, recorded and acted; health practitioners recorded what they saw.",
                    "Several practitioners recorded their concerns clearly and passed them to a "
                    "manager the same day, and the records show care and persistence.",
                )
            ),
            "What the system did not do was bring these pieces together.",
            "",
            "The injuries to Child A could not have been predicted from any single contact.",
            "Taken together, the contacts show a system that did not see the whole household, "
            f"for the reasons set out in the findings {cited}.",
            "None of these is explained by a single person's error.",
            "Each arose from the tools practitioners used, the way tasks were divided between "
            "services and the pressures on those services, and each is likely to affect other "
            "children.",
            "",
            "It is not possible to say whether different decisions would have prevented the "
            "injuries to Child A, and the review does not try to.",
            "The findings matter because each made it less likely that the professionals around "
            "a child would share a full picture in time.",
            "Where practice worked well, it depended on a professional having time, a good record "
            "and a trusting relationship with the family.",
            "",
            "The safeguarding partners are asked to consider the questions under each finding, "
            "and to report publicly on what they decide.",
            "Its response will be published with this report, and the partnership will review "
            f"progress in {_month_year(self.report_due + timedelta(days=180))}.",
        ]
        sections = {
            "01-introduction.md": intro,
            "02-methodology.md": method,
            "03-findings.md": summary,
            "04-conclusion.md": conclusion,
        }
        for name, lines in sections.items():
            self.add(f"report/{name}", "\n".join(lines) + "\n")

    def write_kinds(self) -> None:
        """Copy the shipped review kinds when the repository has them (scr falls back on its
        own otherwise)."""
        if TEMPLATE_KINDS.is_dir():
            for path in sorted(TEMPLATE_KINDS.glob("*.toml")):
                self.files[f"kinds/{path.name}"] = path.read_bytes()

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
