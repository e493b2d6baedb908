"""Typed and matched answers as plain values: Moodle's wildcard and case rules, numeric tolerance and
ranges at their edges, the first matching answer's weight, the share of right pairs, and what a form may send."""

from decimal import Decimal

import pytest

from lms.quiz.answer_rules import (
    AnswerInvalid,
    KeyOption,
    numeric_interval,
    numeric_label,
    parse_number,
    read_response,
    response_credit,
    same_response,
    wildcard_matches,
)
from lms.quiz.gift import parse_gift

D = Decimal


def key(text: str) -> list[KeyOption]:
    """The options of the one question of a GIFT text, as grading reads them (ids 1, 2, ...)."""
    questions, problems = parse_gift(text)
    assert problems == [] and len(questions) == 1
    return [KeyOption(n, o.text, o.fraction, o.match) for n, o in enumerate(questions[0].options, start=1)]


@pytest.mark.parametrize(
    ("pattern", "response", "matches"),
    [
        ("Jakarta", "jakarta", True),  # GIFT imports short answers case-insensitive
        ("Jakarta", "  JAKARTA  ", True),  # spaces around the answer are not part of it
        ("Jakarta", "Jakarta Pusat", False),
        ("DKI *", "DKI Jakarta", True),
        ("DKI *", "DKI ", False),  # the response is trimmed first, as Moodle does: "DKI" lacks the space
        ("*karta", "Jakarta", True),
        ("Ja**ta", "Jakarta", True),  # a run of stars is one wildcard
        ("a\\*b", "a*b", True),  # \\* is a star itself
        ("a\\*b", "axxb", False),
        ("3.14", "3x14", False),  # regular-expression characters are literal
        ("Çağlar", "ÇAĞLAR", True),
        ("e\u0301", "\u00e9", True),  # the same letter in two Unicode forms
    ],
)
def test_wildcard_and_case(pattern, response, matches):
    assert wildcard_matches(pattern, response) is matches


@pytest.mark.parametrize(
    ("spec", "interval"),
    [
        ("3.14:0.01", (D("3.13"), D("3.15"))),
        ("1..5", (D(1), D(5))),
        ("5..1", (D(1), D(5))),
        ("1822", (D(1822), D(1822))),
        ("-2:0.5", (D("-2.5"), D("-1.5"))),
        ("1e3:1", (D(999), D(1001))),
        ("*", None),
    ],
)
def test_numeric_interval(spec, interval):
    assert numeric_interval(spec) == interval


@pytest.mark.parametrize("typed", ["3,14", "3.14", " 3,14 ", "+3.14", "3.140"])
def test_typed_numbers_with_a_comma_or_a_point(typed):
    assert parse_number(typed) == D("3.14")


@pytest.mark.parametrize("typed", ["tiga", "3,1,4", "1.000,5", "3..4", "", "1/2", "0x10"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(AnswerInvalid, match="Jawaban harus berupa angka"):
        parse_number(typed)


PI = "::Pi::Nilai pi (3 desimal)? {#3.1415:0.0005}"
GRANT = "::G::Tahun lahir Grant? {#\n=1822:0\n=%50%1822:2\n~#Jauh.\n}"
RANGE = "::R::Sebuah angka dari 1 sampai 5? {#1..5}"


@pytest.mark.parametrize(
    ("text", "typed", "credit"),
    [
        (PI, "3,1415", D(1)),
        (PI, "3.141", D(1)),  # the lower edge is inside
        (PI, "3.142", D(1)),  # the upper edge too
        (PI, "3.1409", D(0)),
        (PI, "3.1421", D(0)),
        (GRANT, "1822", D(1)),
        (GRANT, "1824", D("0.5")),  # the first answer that matches, with its weight
        (GRANT, "1820", D("0.5")),
        (GRANT, "1825", D(0)),  # "~#" matches any other number and is worth nothing
        (RANGE, "1", D(1)),
        (RANGE, "5", D(1)),
        (RANGE, "5.0001", D(0)),
        (RANGE, "0", D(0)),
    ],
)
def test_numerical_credit(text, typed, credit):
    assert response_credit("numerical", key(text), [typed]) == credit


JESUS = "::J::Yesus berasal dari {=Nazareth =%75%Nazereth =%25%Bethlehem}."
KOTA = "::K::Ibu kota Indonesia? {=Jakarta =%50%DKI * =%0%*#Bukan.}"


@pytest.mark.parametrize(
    ("text", "typed", "credit"),
    [
        (JESUS, "nazareth", D(1)),
        (JESUS, "Nazereth", D("0.75")),
        (JESUS, "BETHLEHEM", D("0.25")),
        (JESUS, "Galilee", D(0)),
        (KOTA, "jakarta", D(1)),
        (KOTA, "DKI Jakarta", D("0.5")),
        (KOTA, "Bandung", D(0)),  # "*" matched, worth 0
    ],
)
def test_short_answer_credit(text, typed, credit):
    assert response_credit("shortanswer", key(text), [typed]) == credit


def test_nothing_typed_earns_nothing():
    assert response_credit("shortanswer", key(JESUS), []) == 0
    assert response_credit("numerical", key(PI), []) == 0


NEGARA = "::M::Pasangkan.{\n=Kanada -> Ottawa\n=Italia -> Roma\n=Jepang -> Tokyo\n=India -> New Delhi\n= -> Canberra\n}"


def test_matching_credit_is_the_share_of_right_pairs():
    options = key(NEGARA)  # ids 1..4 are the subquestions, 5 the extra answer
    assert response_credit("matching", options, [1, 2, 3, 4]) == 1
    assert response_credit("matching", options, [1, 2, 4, 3]) == D("0.5")
    assert response_credit("matching", options, [5, None, 3, None]) == D("0.25")
    assert response_credit("matching", options, []) == 0


def test_matching_answers_that_share_a_text_are_one_answer():
    options = key("::M::Jenis? {\n=Apel -> Buah\n=Mangga -> Buah\n=Bayam -> Sayur\n}")
    # Mangga matched to option 1's answer ("Buah") is right: the text is compared, not the option.
    assert response_credit("matching", options, [2, 1, 3]) == 1


def test_read_response_for_typed_answers():
    assert read_response("shortanswer", ["  DKI   Jakarta "], [], []) == ["DKI Jakarta"]
    assert read_response("shortanswer", [""], [], []) == []
    assert read_response("numerical", ["3,14"], [], []) == ["3,14"]
    with pytest.raises(AnswerInvalid, match="angka"):
        read_response("numerical", ["tiga"], [], [])
    with pytest.raises(AnswerInvalid, match="terlalu panjang"):
        read_response("shortanswer", ["x" * 201], [], [])
    with pytest.raises(AnswerInvalid):
        read_response("shortanswer", ["a", "b"], [], [])


def test_read_response_for_matching_maps_positions_to_options():
    options = key(NEGARA)
    order = [5, 3, 1, 4, 2]  # the attempt's order of the answers: Canberra, Tokyo, Ottawa, New Delhi, Roma
    assert read_response("matching", ["3", "5", "2", ""], options, order) == [1, 2, 3, None]
    assert read_response("matching", ["", "", "", ""], options, order) == []
    for forged in (["6", "", "", ""], ["0", "", "", ""], ["x", "", "", ""], ["1", "2", "3"], ["1"] * 5):
        with pytest.raises(AnswerInvalid):
            read_response("matching", forged, options, order)


def test_same_response():
    assert same_response("multiple", [2, 1], [1, 2])
    assert not same_response("matching", [1, 2, None], [2, 1, None])
    assert same_response("shortanswer", ["a"], ["a"]) and not same_response("shortanswer", None, ["a"])


@pytest.mark.parametrize(
    ("spec", "label"), [("3.14:0.01", "3,14 ± 0,01"), ("1..5", "1 sampai 5"), ("1822:0", "1822"), ("*", "angka lain")]
)
def test_numeric_label(spec, label):
    assert numeric_label(spec) == label
