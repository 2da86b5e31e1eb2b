import pytest

from auditor.config import find_config, load_config
from auditor.engine import Engine
from auditor.errors import ConfigError
from auditor.models import Severity


def test_pyproject_tool_auditor_is_found_upward(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.auditor]\nignore = ["RDB002"]\nfail_under = 70\n'
        '[tool.auditor.severity]\nTRN001 = "error"\n[tool.auditor.rules.RDB002]\nmax_words = 30\n'
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert find_config() == tmp_path / "pyproject.toml"
    cfg = load_config()
    assert cfg.ignore == ["RDB002"] and cfg.fail_under == 70
    assert cfg.severity["TRN001"] is Severity.ERROR
    assert cfg.rules["RDB002"] == {"max_words": 30}


def test_auditor_toml_wins_in_its_folder(tmp_path, monkeypatch):
    (tmp_path / "auditor.toml").write_text('select = ["TRN"]\n')
    monkeypatch.chdir(tmp_path)
    assert load_config().select == ["TRN"]


@pytest.mark.parametrize(
    "toml, message",
    [
        ("colour = 1\n", "unknown key 'colour'"),
        ("[weights]\nstyle = 1\n", "weights.style: unknown family"),
        ("[languagetool]\nport = 1\n", "languagetool.port: unknown key"),
        ('[severity]\nTRN001 = "fatal"\n', "unknown severity 'fatal'"),
        ('fail_under = "high"\n', "fail_under must be a number"),
    ],
)
def test_unknown_keys_are_named(tmp_path, toml, message):
    path = tmp_path / "auditor.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_config(path)


def test_unknown_rule_code_and_option(tmp_path):
    path = tmp_path / "auditor.toml"
    path.write_text("[rules.XYZ999]\nfoo = 1\n")
    with pytest.raises(ConfigError, match="unknown rule code 'XYZ999'"):
        Engine(load_config(path))
    path.write_text("[rules.RDB002]\nmax_wrds = 1\n")
    with pytest.raises(ConfigError, match="unknown option 'max_wrds'"):
        Engine(load_config(path))


@pytest.mark.parametrize(
    "table, message",
    [
        (
            '[rules.RDB002]\nmax_words = "forty"\n',
            "rules.RDB002.max_words = 'forty': must be a whole",
        ),
        ("[rules.RDB002]\nmax_words = 0\n", "rules.RDB002.max_words = 0: must be at least 1"),
        ("[rules.RDB002]\nmax_words = true\n", "rules.RDB002.max_words = True: must be a whole"),
        ("[rules.ATT004]\nmax_share = 1.5\n", "rules.ATT004.max_share = 1.5: must be between 0"),
        (
            '[rules.REP003]\nmin_shared_words = "x"\n',
            "rules.REP003.min_shared_words = 'x': must be a whole number",
        ),
        (
            "[rules.TRN008]\nignore_rules = [1]\n",
            "rules.TRN008.ignore_rules = \\[1\\]: must be a list of strings",
        ),
        ('[rules.TRN008]\nignore_rules = "X"\n', "rules.TRN008.ignore_rules = 'X': must be a list"),
        ("[rules.TRN001]\ndata_file = 3\n", "rules.TRN001.data_file = 3: must be a string"),
        ("[rules.RDB002]\nmax_wrds = 1\n", "rules.RDB002: unknown option 'max_wrds'"),
        ("[rules.XYZ999]\nfoo = 1\n", "rules.XYZ999: unknown rule code"),
    ],
)
def test_rule_options_are_checked_at_load_time(tmp_path, table, message):
    path = tmp_path / "auditor.toml"
    path.write_text(table)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_an_option_of_an_unselected_rule_is_still_checked(tmp_path):
    """select = ["TRN"] leaves RDB002 out of the run, but its broken option is still an error."""
    path = tmp_path / "auditor.toml"
    path.write_text('select = ["TRN"]\n[rules.RDB002]\nmax_words = "forty"\n')
    with pytest.raises(ConfigError, match="rules.RDB002.max_words"):
        load_config(path)


def test_good_rule_options_load_and_change_the_rule(tmp_path):
    from auditor.api import audit
    from support import EXAMPLES, MT_SEED

    path = tmp_path / "auditor.toml"
    path.write_text("[rules.RDB002]\nmax_words = 20\n[rules.ATT004]\nmax_share = 0.25\n")
    config = load_config(path)
    assert config.rules == {"RDB002": {"max_words": 20}, "ATT004": {"max_share": 0.25}}
    run = audit([str(MT_SEED)], config, select=["RDB002"])
    default = audit([str(MT_SEED)], select=["RDB002"])
    assert len(run.results[0].findings) > len(default.results[0].findings)
    assert EXAMPLES.is_dir()
