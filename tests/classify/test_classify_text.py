"""Tokenising titles and descriptions."""

from cbec_compliance.classify.text import index_terms, strip_negated, words


def test_english_terms_join_hyphens_split_digits_and_drop_numbers() -> None:
    terms = index_terms("Men's 100% cotton crew-neck T-shirts 20000mAh")
    assert terms == ["men", "cotton", "crewneck", "crew", "neck", "tshirt", "shirt", "mah"]


def test_chinese_runs_become_bigrams_after_nfkc() -> None:
    assert index_terms("纯棉针织") == ["纯棉", "棉针", "针织"]
    assert index_terms("Ｔ恤") == index_terms("T恤") == ["恤"]


def test_words_keep_stopwords_for_phrase_matching() -> None:
    assert words("power bank with USB-C") == ["power", "bank", "with", "usb", "c"]


def test_negated_spans_are_removed() -> None:
    text = "t-shirts; of textile materials (other than cotton), knitted"
    assert "cotton" not in strip_negated(text)
    assert "knitted" in strip_negated(text)


def test_british_spellings_and_irregular_plurals_share_one_form() -> None:
    assert index_terms("colour jewellery aluminium fibres") == index_terms(
        "color jewelry aluminum fibers"
    )
    assert words("kitchen knives and shelves") == ["kitchen", "knife", "and", "shelf"]
