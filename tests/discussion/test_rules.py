"""Plain rules: the posting rate (token bucket), mentions, and space keys."""

import pytest
from limits.storage import MemoryStorage

from lms.discussion.mentions import find_mentions, mention_names
from lms.discussion.rate import PostingRate
from lms.discussion.spaces import parse_key

T0 = 1_800_000_000.0


def test_a_burst_of_five_then_one_every_ten_seconds():
    rate = PostingRate(MemoryStorage())
    assert [rate.take(7, T0 + i * 0.1) for i in range(5)] == [0.0] * 5
    wait = rate.take(7, T0 + 0.5)
    assert 9.0 < wait <= 10.0  # the sixth waits for the first token to come back
    assert rate.take(7, T0 + 5) > 0
    assert rate.take(7, T0 + 10.1) == 0.0  # one every ten seconds...
    assert rate.take(7, T0 + 11) > 0
    assert rate.take(7, T0 + 20.2) == 0.0
    assert rate.take(7, T0 + 25) > 0
    assert [rate.take(7, T0 + 90 + i) for i in range(5)] == [0.0] * 5  # rested: a full burst again
    assert rate.take(7, T0 + 95) > 0


def test_refused_posts_cost_nothing_and_users_are_counted_apart():
    rate = PostingRate(MemoryStorage())
    for i in range(5):
        rate.take(1, T0)
    for i in range(20):
        assert rate.take(1, T0 + i * 0.4) > 0  # hammering does not push the wait further
    assert rate.take(1, T0 + 10) == 0.0
    assert rate.take(2, T0) == 0.0


def test_a_steady_pace_of_one_per_ten_seconds_never_waits():
    rate = PostingRate(MemoryStorage())
    assert all(rate.take(3, T0 + 10 * i) == 0.0 for i in range(50))


def test_two_posts_at_once_cannot_both_take_the_last_place():
    inner = MemoryStorage()
    rate = PostingRate(inner)
    for _ in range(4):
        rate.take(9, T0)

    class Racing:
        """Another request of the same user posts between this one's read and its increment."""

        def get(self, key):
            value = inner.get(key)
            assert rate.take(9, T0) == 0.0  # the other request takes the fifth place
            return value

        def incr(self, key, expiry, amount):
            return inner.incr(key, expiry, amount)

    assert PostingRate(Racing()).take(9, T0) > 0  # this one is refused and gives its claim back
    after = inner.get("lms-posting:9")
    assert after == int(T0 * 1000) + 5 * 10_000  # exactly five posts counted
    assert rate.take(9, T0 + 10) == 0.0


MEMBERS = {
    1: "Siti Rahayu",
    2: "Siti Rahmawati",
    3: "Rina Marlina, M.Si.",
    4: "I Gede Putu",
    5: "Budi",
    6: "Budi Santoso",
}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Halo @Siti Rahayu, apa kabar?", {1}),
        ("@siti rahmawati setuju", {2}),  # case does not matter
        ("Terima kasih @Rina Marlina atas penjelasannya", {3}),  # without the degree
        ("cc @Rina Marlina, M.Si.", {3}),
        ("@I Gede Putu dan @Budi Santoso", {4, 6}),  # the longest name that fits wins
        ("@Budi saja", {5}),
        ("@Budiman bukan anggota", set()),
        ("kirim ke siti@rahayu.id", set()),  # an e-mail address
        ("`@Siti Rahayu` di kode", set()),
        ("```\n@Siti Rahayu\n```", set()),
        ("@Siti\nRahayu", {1}),  # a line break inside the name is still the name
        ("tanpa sebutan", set()),
    ],
)
def test_mentions(text, expected):
    assert find_mentions(text, MEMBERS) == expected


def test_mention_names():
    assert mention_names("Rina Marlina, M.Si.") == ["Rina Marlina, M.Si.", "Rina Marlina"]
    assert mention_names("  Siti   Rahayu ") == ["Siti Rahayu"]


def test_space_keys():
    assert parse_key("umum") == ("umum", None)
    assert parse_key("pengumuman") == ("pengumuman", None)
    assert parse_key("kelompok-12") == ("kelompok", 12)
    for bad in ("kelompok-0", "kelompok-", "kelompok-x", "lain", "kelompok-012", "1"):
        assert parse_key(bad) is None
