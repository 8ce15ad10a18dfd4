"""The residual detector: what still looks identifying after the register has been applied."""

from __future__ import annotations

import pytest

from scrtui.model import Allowance, Register, RegisterEntry, SurnameRule
from scrtui.residual import ResidualDetector, detect_residuals, nhs_number_valid

EMPTY = Register()
JAYDEN = Register(
    entries=[RegisterEntry("P-01", "person", "Jayden Smith", "Child A", ["Jay"], "child")],
)


def kinds(text: str, register: Register = EMPTY) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in detect_residuals(text, register)]


def only(text: str, register: Register = EMPTY) -> tuple[str, str]:
    found = kinds(text, register)
    assert len(found) == 1, found
    return found[0]


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date",
    [
        "03/04/2024",
        "3/4/24",
        "3.4.24",
        "03-04-2024",
        "2024-04-03",
        "2024/04/03",
        "3 April 2024",
        "3rd April 2024",
        "3rd of April",
        "3 Apr '24",
        "April 3, 2024",
        "April 3rd",
        "Tuesday 3rd April",
        "Tuesday, 3 April 2024",
        "Tuesday the 3rd",
        "the third of April",
        "3 APRIL 2024",
        "12/31/2023",
    ],
)
def test_day_level_dates_are_candidates(date):
    assert only(f"The visit on {date} was brief.") == ("date", date)


@pytest.mark.parametrize(
    "text",
    [
        "The visit in April 2024 was brief.",
        "In 2024 the team changed.",
        "They met on a Monday.",
        "Three quarters (3/4) of staff.",
        "They may 3 times a week.",
        "Version 1.2 of the procedure.",
        "Section 47 enquiries began; 13/14/2024 is not a date.",
        "Nor is 2024-13-01 or 2024-02-32.",
    ],
)
def test_months_years_weekdays_and_fractions_are_not_dates(text):
    assert [k for k, _ in kinds(text)] == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Child A (DOB 12/01/2020) was seen.", "12/01/2020"),
        ("D.O.B.: 3 April 2019.", "3 April 2019"),
        ("date of birth 2019-04-03", "2019-04-03"),
        ("She was born on 3rd April 2019 at home.", "3rd April 2019"),
        ("She was born in April 2019 at home.", "born in April 2019"),
    ],
)
def test_dates_of_birth(text, found):
    assert ("date_of_birth", found) in kinds(text)
    assert not [k for k, t in kinds(text) if k == "date"]


# --- ages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "age",
    [
        "aged 4",
        "aged four",
        "Aged 18 months",
        "age 7",
        "at the age of four",
        "4 years old",
        "four-month-old",
        "10-day-old",
        "4-year-old",
        "twenty-two years old",
        "a year old",
        "4yo",
        "3 y/o",
    ],
)
def test_ages(age):
    text = f"The child, {age}, was seen."
    found = only(text)
    assert found[0] == "age" and age.endswith(found[1].split()[-1]) and found[1] in text


def test_durations_and_checks_are_not_ages():
    assert kinds("For 4 years the six-week check was missed; the page 4 table.") == []


# --- numbers -------------------------------------------------------------------------------------


def test_nhs_number_checksum():
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("943476591")
    assert not nhs_number_valid("abcdefghij")


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919", "401 023 2137"])
def test_valid_nhs_numbers(number):
    assert only(f"NHS number {number} was recorded.") == ("nhs_number", number)


@pytest.mark.parametrize("number", ["943 476 5918", "9434765910", "123 456 7890"])
def test_ten_digits_that_fail_the_check_are_long_numbers_not_nhs_numbers(number):
    found = detect_residuals(f"Number {number} was recorded.", EMPTY)
    assert [(c.kind, c.text) for c in found] == [("long_number", number)]
    assert "checksum" in found[0].detail


def test_other_long_numbers():
    assert only("Case reference 20231187 was opened.") == ("long_number", "20231187")
    assert kinds("It cost £1,250,000 over 2024.") == []


@pytest.mark.parametrize(
    "phone",
    [
        "01632 960123",
        "0161 496 0000",
        "020 7946 0000",
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+44 (0)20 7946 0000",
        "(01632) 960123",
        "0800 123 4567",
        "0044 7700 900123",
    ],
)
def test_uk_phone_numbers(phone):
    assert only(f"Phone {phone} today.") == ("phone", phone)


def test_numbers_that_are_not_phones():
    assert kinds("In 2024 123 children; 0 1 2 3.") == []


@pytest.mark.parametrize(
    "postcode", ["NE6 5TT", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "EC1A1BB", "W1A 0AX"]
)
def test_postcodes(postcode):
    assert only(f"They moved to {postcode} in spring.") == ("postcode", postcode)


def test_partial_postcodes_and_ids_are_not_postcodes():
    assert kinds("The NE6 area and [KPE-01] and F-02.") == []


@pytest.mark.parametrize("ni", ["JG 10 37 22 A", "JG103722A", "ab 12 34 56 c"])
def test_national_insurance_numbers(ni):
    assert only(f"NI {ni} on file.") == ("ni_number", ni)


def test_impossible_ni_prefixes_are_not_ni_numbers():
    assert [k for k, _ in kinds("Codes GB 12 34 56 A and DA 12 34 56 A.")] == []


@pytest.mark.parametrize("email", ["kerry.smith@example.org", "j_s+1@mail.example.co.uk"])
def test_email_addresses(email):
    assert only(f"Write to {email}, please.") == ("email", email)


# --- addresses -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("They lived at 12 Acacia Avenue until May.", "12 Acacia Avenue"),
        ("They lived at 3b Mill Lane.", "3b Mill Lane"),
        ("They lived at 147, Upper Brook Street.", "147, Upper Brook Street"),
        ("A room at Flat 3, Rowan House was offered.", "Flat 3, Rowan House"),
        ("They lived on Acacia Avenue.", "Acacia Avenue"),
    ],
)
def test_street_addresses(text, address):
    assert ("address", address) in kinds(text)
    assert not [k for k, t in kinds(text) if k == "name"]  # the street's words are not names too


def test_ordinary_words_before_a_street_word_are_not_addresses():
    assert kinds("Crossing the road, The Road and On Close inspection.") == []


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "near"),
    [
        ("Jaydon", "Jayden"),
        ("Jyaden", "Jayden"),
        ("Smyth", "Smith"),
        ("Smiths", "Smith"),
        ("jaydne", "Jayden"),
    ],
)
def test_near_miss_spellings_of_registered_names(word, near):
    found = detect_residuals(f"The worker saw {word} at home.", JAYDEN)
    assert [(c.kind, c.text) for c in found] == [("near_miss", word)]
    assert f"near '{near}'" in found[0].detail and "P-01" in found[0].detail


def test_near_misses_of_places_only_for_their_distinctive_words():
    register = Register(
        entries=[
            RegisterEntry(
                "PL-01", "place", "Rosehill Primary School", "the primary school", ["Rosehill"]
            )
        ]
    )
    assert kinds("Schools and Primary care; the Rosehil site.", register) == [
        ("near_miss", "Rosehil")
    ]


def test_a_registered_name_run_together_with_digits_is_a_near_miss():
    found = detect_residuals("Her account jayden2015 and the file 2015_Smith_notes.", JAYDEN)
    assert [(c.kind, c.text, c.detail) for c in found] == [
        ("near_miss", "jayden2015", "contains 'Jayden' (P-01)"),
        ("near_miss", "2015_Smith_notes", "contains 'Smith' (P-01)"),
    ]


def test_ordinary_lower_case_words_are_not_near_misses():
    assert kinds("They were smiths and a jay flew past.", JAYDEN) == []


def test_unknown_capitalised_surname_is_flagged():
    found = detect_residuals("The health visitor spoke to Mr Okonkwo at the GP surgery.", EMPTY)
    assert [(c.kind, c.text) for c in found] == [("name", "Okonkwo")]


def test_unknown_word_in_capitals_is_flagged_but_initialisms_are_not():
    assert kinds("OKONKWO was seen by the GP and an OT.") == [("name", "OKONKWO")]


def test_ordinary_words_vocabulary_labels_and_ids_are_not_names():
    register = Register(
        entries=[
            RegisterEntry("P-01", "person", "Jayden Smith", "Child A", [], "child"),
            RegisterEntry("P-02", "person", "Kerry Smith", "Kerry's Carer", [], "other"),
        ],
        surnames=[SurnameRule("Smith", "the Family")],
    )
    text = (
        "# Key Practice Episode KPE-01\n\n"
        "Following the Strategy Discussion, Ofsted, CAMHS, the MASH and the Health Visitor "
        "agreed a Child Protection Plan under Section 47 and Working Together (2023) [F-02].\n"
        "Child A and Kerry’s Carer met on Monday in January; the Family were told by the NSPCC "
        "and Cafcass via WhatsApp during Covid-19 in England.\n"
    )
    assert kinds(text, register) == []


def test_first_word_of_a_sentence():
    assert kinds("Despite this, staff agreed. Nobody asked.") == []
    assert kinds("Zebedee agreed. Then Okonkwo left.") == [("name", "Zebedee"), ("name", "Okonkwo")]


def test_hyphenated_and_apostrophe_names():
    assert kinds("Then Kerry-Ann met O’Neill at a multi-agency meeting.") == [
        ("name", "Kerry-Ann"),
        ("name", "O’Neill"),
    ]


# --- the allow-list, locations, context -----------------------------------------------------------


def test_allow_list_is_honoured_case_insensitively_and_in_place():
    register = Register(
        allows=[
            Allowance("northmoor safeguarding children partnership", "the partnership is public"),
            Allowance("3 April 2024", "the date the review was commissioned"),
        ]
    )
    text = (
        "The Northmoor Safeguarding Children Partnership met.\n"
        "Later, in Northmoor, on 3 april 2024 and 3 April 2024 and 4 April 2024."
    )
    found = detect_residuals(text, register)
    assert [(c.kind, c.text, c.is_allowed) for c in found] == [
        ("name", "Northmoor", True),
        ("name", "Northmoor", False),
        ("date", "3 April 2024", True),
        ("date", "4 April 2024", False),
    ]
    assert found[0].allowed_by.reason == "the partnership is public"
    assert found[2].allowed_by.reason == "the date the review was commissioned"


def test_allowed_word_everywhere():
    register = Register(allows=[Allowance("Okonkwo", "the author of the cited research")])
    [found] = detect_residuals("As Okonkwo (2019) found.", register)
    assert found.is_allowed and found.allowed_by.text == "Okonkwo"


def test_candidates_say_where_they_are_and_what_is_around_them():
    text = "Intro line.\n\nThe family moved to 12 Acacia Avenue in the spring of that year.\n"
    [found] = detect_residuals(text, EMPTY, source="report/02-background.md")
    assert (found.kind, found.line, found.col, found.offset) == ("address", 3, 21, 33)
    assert found.text == text[found.offset : found.end]
    assert found.source == "report/02-background.md"
    assert found.context == "The family moved to 12 Acacia Avenue in the spring of that year."


def test_a_detector_is_reusable_across_texts():
    detector = ResidualDetector(JAYDEN)
    assert [c.kind for c in detector.detect("Jaydon", source="a")] == ["near_miss"]
    assert [c.source for c in detector.detect("on 3 May 2024", source="b")] == ["b"]


def test_stronger_kinds_claim_the_text():
    # An e-mail address is not also a name; an NHS number is not also a long number or a phone.
    assert kinds("Email Okonkwo.Smith@example.org; NHS 9434765919.") == [
        ("email", "Okonkwo.Smith@example.org"),
        ("nhs_number", "9434765919"),
    ]


def test_ict_systems_are_professional_vocabulary():
    # "ICT system" is one of the source kinds in docs/workspace.md.
    assert kinds("Records from the ICT system were read. ICT staff helped.") == []


def test_near_misses_of_places_ignore_their_generic_and_possessive_words():
    register = Register(
        entries=[
            RegisterEntry(
                "O-01", "organisation", "Northmoor Children's Services", "the council", []
            ),
            RegisterEntry("PL-01", "place", "Rosehill School's Annexe", "the annexe", ["Rosehill"]),
        ]
    )
    text = (
        "The Children and the Childrens team visited Schools, the School Annexes and the "
        "annexe; the Rosehil site and Northmor."
    )
    assert [(k, t) for k, t in kinds(text, register) if k == "near_miss"] == [
        ("near_miss", "Rosehil"),
        ("near_miss", "Northmor"),
    ]
    assert ("name", "Childrens") in kinds(text, register)  # not near anything: a name all the same
