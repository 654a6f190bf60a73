"""Any string given to normalize, lookup, convert or search returns or raises a CbecError."""

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from cbec_compliance import hs
from cbec_compliance.errors import CbecError

codes = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"\A[0-9 .\-]{0,16}\Z"),
    st.from_regex(r"\A[0-9]{2,14}\Z"),
)
editions = st.one_of(
    st.sampled_from(["HS2012", "HS2017", "HS2022", "hs2022", "2017"]), st.text(max_size=8)
)


@settings(max_examples=300, deadline=None)
@given(codes, editions, editions)
def test_any_input_returns_or_raises_cbec_error(code: str, source: str, target: str) -> None:
    for call in (
        lambda: hs.normalize(code),
        lambda: hs.lookup(code, edition=source),
        lambda: hs.convert(code, source=source, target=target),
        lambda: hs.search(code, limit=3),
    ):
        with contextlib.suppress(CbecError):
            call()


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\A[0-9]{6}\Z"))
def test_convert_targets_exist_in_target_edition(code: str) -> None:
    try:
        result = hs.convert(code, source="HS2017", target="HS2022")
    except CbecError:
        return
    for target in result.targets:
        assert hs.lookup(target, edition="HS2022").code == target
