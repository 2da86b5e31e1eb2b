from auditor.rowstore import SourceRows


def test_rows_come_back_per_source_by_key_then_input_order():
    rows = SourceRows()
    try:
        rows.add("html", "reuters.com", "b", (1, 40.0, "b"))
        rows.add("html", "amos37.com", "other source", (0, 0.0, "x"))
        rows.add("html", "reuters.com", "failing", (0, 90.0, "z"))
        rows.add("html", "reuters.com", "a", (1, 40.0, "a"))
        rows.add("html", "reuters.com", "a again", (1, 40.0, "a"))
        rows.add("articles", "reuters.com", ["row"])
        # text a hostile input may carry (a lone surrogate) is kept as it is
        rows.add("html", "bad\udcff.example", "kept", (0, 0.0, "\udcff"))
        assert list(rows.rows("html", "reuters.com")) == ["failing", "a", "a again", "b"]
        assert list(rows.rows("articles", "reuters.com")) == [["row"]]
        assert list(rows.rows("html", "bad\udcff.example")) == ["kept"]
        assert list(rows.rows("html", "nowhere")) == []
    finally:
        rows.close()
