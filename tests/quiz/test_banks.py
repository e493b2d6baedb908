"""Question-bank parsers: every GIFT and Aiken construct we accept, each rejection with its line, and the real banks."""

from decimal import Decimal
from pathlib import Path

import pytest

from lms.core.render import render_inline, render_markdown
from lms.quiz.aiken import parse_aiken
from lms.quiz.banks import BankProblem, ParsedOption, parse_bank
from lms.quiz.gift import parse_gift
from lms.quiz.gift_answers import ESSAY_HELP

REPO = Path(__file__).resolve().parents[2]
D = Decimal


def one(text):
    questions, problems = parse_gift(text)
    assert problems == []
    assert len(questions) == 1
    return questions[0]


def rejected(text):
    questions, problems = parse_gift(text)
    assert questions == []
    return [(problem.line, problem.message) for problem in problems]


# GIFT: what we accept


def test_single_choice_with_title_feedback_and_partial_credit():
    question = one(
        "::WK-01 Judul singkat::Ibu kota negara adalah ... {\n"
        "=Jakarta #Tepat.\n"
        "~%50%Batavia #Sebagian: itu nama lamanya.\n"
        "~%-25%Bandung\n"
        "~Surabaya\n"
        "}\n"
    )
    assert question.key == "WK-01 Judul singkat"
    assert question.text == "Ibu kota negara adalah ..."
    assert question.kind == "single"
    assert question.line == 1
    assert question.category is None
    assert question.options == (
        ParsedOption("Jakarta", D("1"), "Tepat."),
        ParsedOption("Batavia", D("0.5"), "Sebagian: itu nama lamanya."),
        ParsedOption("Bandung", D("-0.25"), ""),
        ParsedOption("Surabaya", D("0"), ""),
    )


def test_single_choice_on_one_line_and_several_right_answers():
    question = one("Pilih salah satu warna bendera. {=Merah =Putih ~Hijau}")
    assert question.kind == "single"
    assert [(option.text, option.fraction) for option in question.options] == [
        ("Merah", D(1)),
        ("Putih", D(1)),
        ("Hijau", D(0)),
    ]


def test_multiple_choice_with_weights():
    question = one("::M1::Pilih **dua** perilaku. {\n~%50%Satu #Ya.\n~%50%Dua #Ya.\n~%-100%Tiga #Tidak.\n~Empat\n}")
    assert question.kind == "multiple"
    assert question.text == "Pilih **dua** perilaku."
    assert [option.fraction for option in question.options] == [D("0.5"), D("0.5"), D("-1"), D(0)]
    assert [option.feedback for option in question.options] == ["Ya.", "Ya.", "Tidak.", ""]


def test_multiple_choice_weights_may_be_decimal_and_round_to_100():
    question = one("Tiga benar {~%33.333%A ~%33.333%B ~%33.333%C ~%-100%D}")
    assert question.kind == "multiple"
    assert question.options[0].fraction == D("0.33333")


@pytest.mark.parametrize(
    ("answer", "true_right"),
    [("T", True), ("TRUE", True), ("F", False), ("FALSE", False), (" T ", True)],
)
def test_true_false_both_spellings(answer, true_right):
    question = one(f"::TF::Langit berwarna biru. {{{answer}}}")
    assert question.kind == "truefalse"
    assert [option.text for option in question.options] == ["Benar", "Salah"]
    fractions = [option.fraction for option in question.options]
    assert fractions == ([D(1), D(0)] if true_right else [D(0), D(1)])
    assert [option.feedback for option in question.options] == ["", ""]


def test_true_false_feedback_goes_to_the_right_option():
    statement_true = one("Pernyataan benar. {TRUE#Keliru, ini benar.#Tepat sekali.}")
    assert statement_true.options == (
        ParsedOption("Benar", D(1), "Tepat sekali."),
        ParsedOption("Salah", D(0), "Keliru, ini benar."),
    )
    statement_false = one("Pernyataan salah. {F#Keliru, ini salah.#Tepat sekali.}")
    assert statement_false.options == (
        ParsedOption("Benar", D(0), "Keliru, ini salah."),
        ParsedOption("Salah", D(1), "Tepat sekali."),
    )


def test_true_false_with_only_the_wrong_answer_feedback():
    question = one("Pernyataan. {T#Coba baca lagi.}")
    assert question.options[0].feedback == ""
    assert question.options[1].feedback == "Coba baca lagi."


def test_escapes_in_title_text_answers_and_feedback():
    question = one(
        r"::Rumus \: dasar::Berapa 1 \+ 1 \= ? Pakai \{kurung\} dan \~ atau \#.\nBaris baru. {"
        "\n"
        r"=2 \= dua #Ya\: 1\+1\=2"
        "\n"
        r"~3 \~ tiga #Bukan \#3"
        "\n}"
    )
    assert question.key == "Rumus : dasar"
    assert question.text == "Berapa 1 \\+ 1 = ? Pakai {kurung} dan ~ atau #.\nBaris baru."
    assert question.options[0] == ParsedOption("2 = dua", D(1), "Ya: 1\\+1=2")
    assert question.options[1] == ParsedOption("3 ~ tiga", D(0), "Bukan #3")


def test_escaped_backslash_is_one_backslash_as_in_moodle():
    question = one(r"Garis miring \\n bukan baris baru, \\\{ juga {=a ~b}")
    assert question.text == r"Garis miring \n bukan baris baru, \{ juga"


def test_answer_block_spanning_lines_with_multi_line_question_text():
    question = one(
        "::Panjang::Baris pertama soal.\n"
        "Baris kedua soal.\n"
        "{\n"
        "  =Benar, dan penjelasannya\n"
        "   berlanjut ke baris berikut #Umpan balik\n"
        "  ~Salah\n"
        "}\n"
    )
    assert question.text == "Baris pertama soal.\nBaris kedua soal."
    assert question.options[0].text == "Benar, dan penjelasannya\n   berlanjut ke baris berikut"
    assert question.options[0].feedback == "Umpan balik"


def test_categories_comments_and_lines():
    questions, problems = parse_gift(
        "// Bank soal percobaan.\n"  # 1
        "// Komentar kedua.\n"  # 2
        "$CATEGORY: agenda-1\n"  # 3
        "\n"  # 4
        "::A::Soal A {=a ~b}\n"  # 5
        "\n"  # 6
        "// komentar di antara soal\n"  # 7
        "::B::Soal B\n"  # 8
        "// komentar di dalam soal\n"  # 9
        "{=a ~b}\n"  # 10
        "\n"  # 11
        "$CATEGORY: $course$/top/agenda-2\n"  # 12
        "\n"  # 13
        "\n"  # 14
        "::C::Soal C {=a ~b}\n"  # 15
    )
    assert problems == []
    assert [(q.key, q.category, q.line, q.text) for q in questions] == [
        ("A", "agenda-1", 5, "Soal A"),
        ("B", "agenda-1", 8, "Soal B"),
        ("C", "$course$/top/agenda-2", 15, "Soal C"),
    ]


@pytest.mark.parametrize(
    ("marker", "text"),
    [
        ("[markdown]", "Teks **tebal**"),
        ("[html]", "Teks &ast;&ast;tebal&ast;&ast;"),
        ("[plain]", "Teks &ast;&ast;tebal&ast;&ast;"),
    ],
)
def test_format_marker_is_applied_not_kept(marker, text):
    question = one(f"::F::{marker}Teks **tebal** {{=a ~b}}")
    assert question.text == text
    untitled = one(f"{marker} Teks tanpa judul {{=a ~b}}")
    assert untitled.text == "Teks tanpa judul"


def test_missing_title_gets_a_key_by_position():
    questions, problems = parse_gift("Soal satu {=a ~b}\n\n::Judul::Soal dua {=a ~b}\n\nSoal tiga {T}")
    assert problems == []
    assert [q.key for q in questions] == ["gift-1", "Judul", "gift-3"]


def test_windows_line_endings_and_bom():
    questions, problems = parse_gift("\ufeff// komentar\r\n::A::Soal {\r\n=a\r\n~b\r\n}\r\n\r\n::B::Soal {F}\r\n")
    assert problems == []
    assert [(q.key, q.line) for q in questions] == [("A", 2), ("B", 7)]
    assert questions[0].options[0].text == "a"


def test_empty_file_has_nothing():
    assert parse_gift("") == ([], [])
    assert parse_gift("// hanya komentar\n\n$CATEGORY: x\n") == ([], [])


# GIFT: what we reject, and where

NOT_A_NUMBER = 'jawaban angka tidak valid: "{}"; tulis seperti 3.14, 3.14:0.01 atau 1..5'
TF_CASE = (
    "jawaban benar/salah ditulis dengan huruf besar: {TRUE}, {FALSE}, {T} atau {F} "
    "(Moodle membaca huruf kecil sebagai soal jawaban singkat)"
)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "::E::Ceritakan pengalaman Anda.\n{}",
            2,
            ESSAY_HELP,
        ),
        ("::N::Berapa 2+2? {#empat}", 1, NOT_A_NUMBER.format("empat")),
        ("::N::Berapa 2+2?\n{#\n=4:0\n=%50%4:x\n}", 4, NOT_A_NUMBER.format("4:x")),
        ("::N::Berapa 2+2? {#}", 1, "jawaban angka tidak ada: tulis seperti {#3.14:0.01}"),
        ("::N::Berapa 2+2? {#=*}", 1, "tulis ~#umpan balik untuk angka lain, bukan =*"),
        ("::N::Berapa 2+2? {#4 ~lima #Bukan.}", 1, "umpan balik untuk angka lain ditulis ~#umpan balik, di akhir blok"),
        ("::N::Berapa 2+2? {#=%-50%4}", 1, "bobot jawaban singkat atau angka harus 0 sampai 100%"),
        ("::J::Pasangkan.\n{\n=a -> 1\n=b\n}", 4, "pasangan menjodohkan ditulis =soal -> jawaban"),
        ("::J::Pasangkan. {=a -> 1 = -> 2}", 1, "soal menjodohkan perlu paling sedikit 2 pasangan"),
        ("::J::Pasangkan. {=a -> }", 1, "jawaban pasangan kosong: tulis =soal -> jawaban"),
        ("::J::Pasangkan. {teks =a -> 1 =b -> 2}", 1, "ada teks sebelum pasangan pertama: setiap pasangan diawali ="),
        (
            "::J::Pasangkan.\n{\n=a -> 1 #karena\n=b -> 2\n}",
            3,
            "soal menjodohkan tidak punya umpan balik per pasangan: tulis \\# untuk tanda #",
        ),
        ("::S::Ibu kota? {=Jakarta =%-50%Bandung}", 1, "bobot jawaban singkat atau angka harus 0 sampai 100%"),
        ("::S::Berapa? {=1+1=2}", 1, "tanda = di tengah teks: tulis \\="),
        ("::S::Ibu kota? {=Jakarta =%lima%DKI}", 1, "bobot tidak valid: tulis seperti =%50% atau =%-25%"),
        ("::S::Ibu kota? {= #hanya umpan balik}", 1, "teks jawaban kosong"),
        ("::TF::Langit biru. {true}", 1, TF_CASE),
        ("::TF::Langit biru. {False#Keliru.}", 1, TF_CASE),
        (
            "::TF::Langit biru. {T#karena ~ begitu}",
            1,
            "ada teks sebelum jawaban pertama: setiap jawaban diawali = atau ~",
        ),
        ("::X::Soal {=%100%a ~b}", 1, "jawaban benar (=) selalu bernilai 100%; pakai ~%n% untuk nilai sebagian"),
        ("::X::Soal {teks ~a =b}", 1, "ada teks sebelum jawaban pertama: setiap jawaban diawali = atau ~"),
        ("::X::Soal } lalu {=a ~b}", 1, "tanda } sebelum blok jawaban: tulis \\}"),
        ("::X::[HTML]Soal {=a ~b}", 1, "penanda format ditulis dengan huruf kecil: [html]"),
        ("::X::Soal {=a ~[Plain]b}", 1, "penanda format ditulis dengan huruf kecil: [plain]"),
        ("::X::Soal {=a ~[html]<script>x</script>}", 1, "teks jawaban kosong"),
        (
            "::E::Esai dengan umpan balik umum. {####Terima kasih.}",
            1,
            "rubrik: Baris 1 tidak dikenali: tulis 'nama kriteria | bobot' atau '- poin: deskripsi'.",
        ),
        ("::N::Berapa? {#3:2 ####umum}", 1, "umpan balik umum (####) hanya untuk rubrik soal esai"),
        ("::X::Soal {T####umum}", 1, "umpan balik umum (####) hanya untuk rubrik soal esai"),
        ("::X::Soal {~a ~b ~c}", 1, "jawaban benar tidak ada (tanda =)"),
        ("::X::Soal {~%100%satu-satunya}", 1, "pilihan jawaban kurang dari 2"),
        ("::X::Soal\n{\n~%50%a\n~%40%b\n~c\n}", 2, "jumlah bobot positif harus 100%, di sini 90%"),
        ("::X::Soal {~%60%a ~%50%b ~c}", 1, "jumlah bobot positif harus 100%, di sini 110%"),
        ("::X::Soal {~%-50%a ~b}", 1, "jumlah bobot positif harus 100%, di sini 0%"),
        ("::X::Soal\n{\n=a\n~%150%b\n}", 4, "bobot 150% di luar rentang -100 sampai 100"),
        ("::X::Soal\n{\n=a\n~%-101%b\n}", 4, "bobot -101% di luar rentang -100 sampai 100"),
        ("::X::Soal\n{\n=a\n~%lima%b\n}", 4, "bobot tidak valid: tulis seperti ~%50% atau ~%-25%"),
        ("::X::Soal {=%50%a ~b}", 1, "jawaban benar (=) selalu bernilai 100%; pakai ~%n% untuk nilai sebagian"),
        ("::X::Soal\n{\n=a\n~ #umpan balik tanpa jawaban\n}", 4, "teks jawaban kosong"),
        ("::X::Soal\n{\n=a\n~b\n", 2, "tanda { tidak ditutup dengan }"),
        ("::X::Soal {=a ~b\n::Y::Soal berikut {=a ~b}", 1, "tanda { tidak ditutup dengan }"),
        (
            "::X::Soal {=a ~b}\n::Y::Soal berikut {=a ~b}",
            2,
            "satu soal hanya boleh punya satu blok jawaban {...}: pisahkan soal dengan baris kosong, "
            "atau tulis \\{ dan \\} untuk kurung kurawal di dalam teks",
        ),
        (
            "Gandhi lahir pada {~%50%2 ~%50%3} Oktober.",
            1,
            "ada teks setelah blok jawaban: soal rumpang hanya untuk satu jawaban benar (=), jawaban singkat, "
            "atau angka; selain itu pisahkan soal dengan baris kosong",
        ),
        ("::X::{=a ~b}", 1, "teks soal kosong"),
        ("::X::[markdown]   \n{=a ~b}", 1, "teks soal kosong"),
        ("::X::Soal tanpa jawaban", 1, "blok jawaban {...} tidak ada"),
        ("::X Soal tanpa penutup judul {=a ~b}", 1, "judul tidak ditutup (::)"),
        ("::X::Soal {=a ~b #umpan####umum}", 1, "umpan balik umum (####) hanya untuk rubrik soal esai"),
        ("::X::Soal\n{\n=a\n~b #karena 1+1=3 salah\n}", 4, "tanda = di tengah teks: tulis \\="),
        ("::X::Soal {=a ~b~c}", 1, "tanda ~ di tengah teks: tulis \\~"),
        ("::X::Soal {T#a#b#c}", 1, "soal benar/salah paling banyak punya dua umpan balik: {T#jika salah#jika benar}"),
    ],
)
def test_rejections_report_line_and_reason(text, line, message):
    assert rejected(text) == [(line, message)]


def test_blank_line_inside_an_answer_block_ends_the_question():
    assert rejected("::X::Soal {\n=a\n\n~b\n}") == [
        (1, "tanda { tidak ditutup dengan }"),
        (4, "blok jawaban {...} tidak ada"),
    ]


def test_duplicate_titles_keep_the_first_and_report_the_second():
    questions, problems = parse_gift("::Q1::Satu {=a ~b}\n\n::Q2::Dua {=a ~b}\n\n::Q1::Tiga {=a ~b}\n")
    assert [q.text for q in questions] == ["Satu", "Dua"]
    assert problems == [BankProblem(5, 'judul soal ganda: "Q1" sudah dipakai di baris 1')]


def test_real_looking_file_with_several_errors_reported_by_line():
    text = (
        "// Bank soal Akuntabel, draf 2.\n"  # 1
        "$CATEGORY: akuntabel\n"  # 2
        "\n"  # 3
        "::AKT-01 Laporan::Apa yang harus dilakukan? {\n"  # 4
        "=Melapor #Tepat.\n"  # 5
        "~Diam #Kurang tepat.\n"  # 6
        "}\n"  # 7
        "\n"  # 8
        "::AKT-02 Tanpa kunci::Siapa yang berwenang? {\n"  # 9
        "~KPK #Ya.\n"  # 10
        "~Camat #Bukan.\n"  # 11
        "}\n"  # 12
        "\n"  # 13
        "::AKT-03 Bobot::Pilih **dua**. {\n"  # 14
        "~%50%Satu\n"  # 15
        "~%500%Dua\n"  # 16
        "~%-50%Tiga\n"  # 17
        "}\n"  # 18
        "\n"  # 19
        "::AKT-01 Laporan::Salinan soal pertama. {T}\n"  # 20
        "\n"  # 21
        "::AKT-04 Esai::Jelaskan akuntabilitas.\n"  # 22
        "{}\n"  # 23
        "\n"  # 24
        "::AKT-05 Lupa tutup::Pilih satu. {\n"  # 25
        "=Ya\n"  # 26
        "~Tidak\n"  # 27
        "\n"  # 28
        "::AKT-06 Benar salah::Gratifikasi wajib dilaporkan. {TRUE#Keliru.#Tepat.}\n"  # 29
    )
    questions, problems = parse_gift(text)
    assert [(q.key, q.kind, q.category) for q in questions] == [
        ("AKT-01 Laporan", "single", "akuntabel"),
        ("AKT-06 Benar salah", "truefalse", "akuntabel"),
    ]
    assert [(p.line, p.message) for p in problems] == [
        (9, "jawaban benar tidak ada (tanda =)"),
        (16, "bobot 500% di luar rentang -100 sampai 100"),
        (20, 'judul soal ganda: "AKT-01 Laporan" sudah dipakai di baris 4'),
        (
            23,
            ESSAY_HELP,
        ),
        (25, "tanda { tidak ditutup dengan }"),
    ]


# Aiken


def test_aiken_questions():
    questions, problems = parse_aiken(
        "Ibu kota Indonesia adalah ...\n"  # 1
        "A. Bandung\n"  # 2
        "B. Jakarta\n"  # 3
        "C) Surabaya\n"  # 4
        "ANSWER: B\n"  # 5
        "\n"  # 6
        "\n"  # 7
        "Soal kedua dengan\n"  # 8
        "dua baris teks.\n"  # 9
        "A) Ya\n"  # 10
        "B) Tidak\n"  # 11
        "ANSWER:A\n"  # 12
        "Soal ketiga tanpa baris kosong sebelumnya.\n"  # 13
        "A. Satu\n"  # 14
        "B. Dua\n"  # 15
        "answer: b\n"  # 16
    )
    assert problems == []
    assert [(q.key, q.line, q.kind, q.category) for q in questions] == [
        ("aiken-1", 1, "single", None),
        ("aiken-2", 8, "single", None),
        ("aiken-3", 13, "single", None),
    ]
    assert questions[0].text == "Ibu kota Indonesia adalah ..."
    assert questions[0].options == (
        ParsedOption("Bandung", D(0), ""),
        ParsedOption("Jakarta", D(1), ""),
        ParsedOption("Surabaya", D(0), ""),
    )
    assert questions[1].text == "Soal kedua dengan<br>dua baris teks."  # plain text, its line break kept
    assert [o.fraction for o in questions[2].options] == [D(0), D(1)]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Soal\nA. Satu\nB. Dua\n", 1, "baris ANSWER tidak ada"),
        ("Soal\nA. Satu\nB. Dua\nANSWER: C\n", 4, "jawaban C bukan salah satu pilihan A-B"),
        ("Soal\nA. Satu\nB. Dua\nANSWER:\n", 4, "jawaban (kosong) bukan salah satu pilihan A-B"),
        ("Soal\nA. Satu\nANSWER: A\n", 1, "pilihan jawaban kurang dari 2"),
        ("Soal\nANSWER: A\n", 1, "pilihan jawaban kurang dari 2"),
        ("Soal\nA. Satu\nC. Dua\nB. Tiga\nANSWER: A\n", 3, "pilihan C tidak berurutan; seharusnya B"),
        ("Soal\nB. Satu\nC. Dua\nANSWER: B\n", 2, "pilihan B tidak berurutan; seharusnya A"),
        ("Soal\nA. Satu\nB.\nANSWER: A\n", 3, "teks pilihan B kosong"),
        ("A. Satu\nB. Dua\nANSWER: A\n", 1, "teks soal kosong"),
    ],
)
def test_aiken_rejections(text, line, message):
    questions, problems = parse_aiken(text)
    assert questions == []
    assert problems == [BankProblem(line, message)]


def test_aiken_options_without_a_space_and_text_shown_as_written():
    questions, problems = parse_aiken(
        "Pilih <b>satu</b> & **dua**?\nA)Tanpa spasi\nB.*Bintang*\nC)\t1. Tab\nANSWER: B\n"
    )
    assert problems == []
    question = questions[0]
    assert question.text == "Pilih &lt;b&gt;satu&lt;/b&gt; &amp; &ast;&ast;dua&ast;&ast;?"
    assert [(o.text, o.fraction) for o in question.options] == [
        ("Tanpa spasi", D(0)),
        ("&ast;Bintang&ast;", D(1)),
        ("1&period; Tab", D(0)),
    ]
    assert render_markdown(question.text).html == "<p>Pilih &lt;b&gt;satu&lt;/b&gt; &amp; **dua**?</p>"
    assert render_inline(question.options[1].text) == "*Bintang*"


def test_aiken_blank_lines_between_options_are_skipped_as_in_moodle():
    questions, problems = parse_aiken("Soal\n\nA. satu\n\nB. dua\n\nANSWER: B\n")
    assert problems == []
    assert [(o.text, o.fraction) for o in questions[0].options] == [("satu", D(0)), ("dua", D(1))]


def test_aiken_lowercase_letters_are_not_options():
    questions, problems = parse_aiken("Soal\na) satu\nb) dua\nANSWER: A\n")
    assert questions == []
    assert problems == [BankProblem(1, "pilihan jawaban kurang dari 2: huruf pilihan ditulis kapital, A) atau A.")]


def test_aiken_file_with_several_errors_keeps_the_good_questions():
    questions, problems = parse_aiken(
        "Soal satu\n"  # 1
        "A. a\n"  # 2
        "B. b\n"  # 3
        "ANSWER: A\n"  # 4
        "\n"  # 5
        "Soal dua lupa kunci\n"  # 6
        "A. a\n"  # 7
        "B. b\n"  # 8
        "\n"  # 9
        "Soal tiga\n"  # 10
        "A. a\n"  # 11
        "B. b\n"  # 12
        "ANSWER: D\n"  # 13
        "Soal empat langsung menyusul\n"  # 14
        "A. a\n"  # 15
        "B. b\n"  # 16
        "Soal lima juga lupa kunci dan tanpa baris kosong\n"  # 17
        "A. a\n"  # 18
        "B. b\n"  # 19
        "ANSWER: B\n"  # 20
    )
    assert [(q.key, q.line) for q in questions] == [("aiken-1", 1), ("aiken-5", 17)]
    assert problems == [
        BankProblem(6, "baris ANSWER tidak ada"),
        BankProblem(13, "jawaban D bukan salah satu pilihan A-B"),
        BankProblem(14, "baris ANSWER tidak ada"),
    ]


# Choosing the format


@pytest.mark.parametrize("filename", ["bank.aiken", "BANK.TXT", "soal.txt"])
def test_parse_bank_reads_aiken_by_extension(filename):
    questions, problems = parse_bank(filename, "Soal\nA. a\nB. b\nANSWER: A\n")
    assert problems == []
    assert questions[0].key == "aiken-1"


def test_parse_bank_reads_gift_by_extension():
    questions, problems = parse_bank("modul/Questions.GIFT", "::K::Soal {T}")
    assert problems == []
    assert questions[0].kind == "truefalse"


def test_parse_bank_refuses_other_extensions():
    assert parse_bank("bank.xml", "<quiz/>") == (
        [],
        [BankProblem(1, "format berkas tidak dikenal: gunakan .gift, .aiken, atau .txt")],
    )


# The banks shipped in content/

CONTENT_BANKS = sorted((REPO / "content").glob("**/questions.gift"))


def test_content_banks_exist():
    assert len(CONTENT_BANKS) >= 1


@pytest.mark.parametrize("path", CONTENT_BANKS, ids=lambda path: str(path.relative_to(REPO)))
def test_content_bank_parses_cleanly(path):
    questions, problems = parse_bank(path.name, path.read_text(encoding="utf-8"))
    assert problems == []
    assert len(questions) >= 15
    for question in questions:
        fractions = [option.fraction for option in question.options]
        if question.kind in ("shortanswer", "numerical"):
            assert D(1) in fractions, question.key  # full marks are possible
            continue
        if question.kind == "matching":
            assert len([o for o in question.options if o.text]) >= 2, question.key
            continue
        if question.kind == "essay":
            assert question.rubric and len(question.rubric["criteria"]) >= 2, question.key  # graded by its rubric
            continue
        assert len(question.options) >= 2, question.key
        if question.kind in ("single", "truefalse", "missingword"):
            assert fractions.count(D(1)) == 1, question.key
        else:
            assert question.kind == "multiple"
            assert abs(sum(f for f in fractions if f > 0) - 1) <= D("0.0001"), question.key


@pytest.mark.parametrize("filename", ["bank.gift", "bank.aiken"])
def test_a_bank_with_a_control_character_is_refused_with_its_line(filename):
    gift = "::S1:: Pertanyaan satu {=benar ~salah}\n\n::S2:: Perta\x0bnyaan dua {=benar ~salah}\n"
    aiken = "Pertanyaan satu\nA. benar\nB. salah\nANSWER: A\n\nPerta\x0bnyaan dua\nA. benar\nB. salah\nANSWER: A\n"
    questions, problems = parse_bank(filename, gift if filename.endswith(".gift") else aiken)
    assert questions == []  # nothing of a file with such a character is taken
    line, column = (3, 13) if filename.endswith(".gift") else (6, 6)
    message = f"karakter kendali tak terlihat U+000B pada karakter ke-{column}; hapus karakter itu"
    assert BankProblem(line, message) in problems


def test_a_question_longer_than_the_limit_is_refused_and_the_rest_kept():
    from lms.quiz.banks import MAX_QUESTION_CHARS

    long_text = "kata " * (MAX_QUESTION_CHARS // 5 + 1)
    text = f"::Pendek:: Singkat? {{=ya ~tidak}}\n\n::Panjang:: {long_text} {{=ya ~tidak}}\n"
    questions, problems = parse_bank("bank.gift", text)
    assert [q.key for q in questions] == ["Pendek"]
    assert problems == [BankProblem(3, "teks soal 10.004 karakter, paling banyak 10.000")]
